// The worker thread of the field app: every network-bound client-core call.
//
// terrain_replica_enrol and terrain_replica_sync may take seconds (weak links,
// timeouts), so they run here, never on the UI thread. The handle is shared with
// the UI thread: the C API serialises calls inside and releases its lock during
// network I/O (terrain.h, rule 1), so quick reads and writes on the UI thread stay
// responsive while a sync runs.
//
// Results come back as queued signals carrying plain values (JSON text, error
// triple), so nothing here touches QML or the bridge's state.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

struct terrain_replica;

namespace terrain::field {

class ReplicaWorker : public QObject {
  Q_OBJECT
 public:
  explicit ReplicaWorker(terrain_replica* replica) : replica_(replica) {}

 public slots:
  void enrol(const QString& serverUrl, const QString& code);
  void sync();

 signals:
  // result is the JSON text returned by the core; empty on failure (then domain != 0).
  void enrolFinished(const QByteArray& result, int domain, int code, const QString& message);
  void syncFinished(const QByteArray& result, int domain, int code, const QString& message);
  void syncProgress(int phase, quint64 done, quint64 total);

 private:
  terrain_replica* replica_;
};

}  // namespace terrain::field
