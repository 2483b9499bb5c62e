// Watches whether the enrolled server answers, so sync can start by itself.
//
// State diagram (one request in flight at most):
//
//   stopped --start()--> waiting --timer--> probing --200--> reachable (wait poll_reachable_ms)
//                           ^                  |                 |
//                           |                  +--failure--> unreachable (wait backoff, x2, capped)
//                           +----------------------------------------+
//
// Invariants:
//  1. Never blocks: QNetworkAccessManager is asynchronous and lives on the UI thread.
//  2. Backoff doubles on each failed probe and resets on the first success.
//  3. reachableChanged fires only on a transition; becameReachable on unreachable->reachable.
//  4. A TLS error still means a server answered: the sync that follows reports the
//     certificate problem in plain words instead of a silent "unreachable".
#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include "app_tunables.h"

class QNetworkReply;

namespace terrain::field {

class Reachability : public QObject {
  Q_OBJECT
 public:
  Reachability(const Tunables& tunables, QString caFile, QObject* parent = nullptr);

  void setServerUrl(const QString& url);  // empty stops polling
  bool reachable() const { return reachable_; }
  // Probe now (e.g. the user pressed "Synchroniser" or the app came to the foreground).
  void probeSoon();

 signals:
  void reachableChanged(bool reachable);
  void becameReachable();
  void probed(bool reachable);

 private:
  void probe();
  void onFinished(QNetworkReply* reply);
  void schedule(int ms);

  Tunables tunables_;
  QString caFile_;
  QUrl healthz_;
  QNetworkAccessManager network_;
  QTimer timer_;
  QPointer<QNetworkReply> inFlight_;
  bool reachable_ = false;
  int backoffMs_ = 0;
};

}  // namespace terrain::field
