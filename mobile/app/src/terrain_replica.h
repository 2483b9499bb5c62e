// TerrainReplica: the field app's bridge between QML and libterrain (terrain.h only).
//
// Design note
//  1. The bridge owns one terrain_replica handle for its whole life; QML never sees it.
//  2. Reads and writes are quick local SQLite calls and run on the UI thread; enrolment
//     and sync run on a worker QThread (ReplicaWorker) and report through signals, so
//     the UI never waits on the network.
//  3. Every JSON output of the core is parsed here into QVariant maps and lists, and
//     every error becomes a plain-French description (error_text.h).
//  4. `revision` increases after every local write and after every sync that pulled or
//     changed something; views re-query when it changes.
//  5. Auto-sync: when the server becomes reachable (Reachability), or is reachable and
//     changes are pending, a sync starts by itself; failed automatic syncs back off.
//  6. Nothing here logs field values: participants' names never leave the attendance
//     screens (terrain.h, rule 7, and the team guide's invariant 7).
//
// Sync state:   idle --sync()--> syncing --finished(ok)--> idle (lastSyncMs updated)
//                                    \--finished(error)--> idle (syncError set)
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QVariantList>
#include <QVariantMap>

#include "app_tunables.h"
#include "error_text.h"

struct terrain_replica;
struct terrain_error;

namespace terrain::field {

class ReplicaWorker;
class Reachability;

class TerrainReplica : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("TerrainReplica is created by the application")

  Q_PROPERTY(bool isOpen READ isOpen CONSTANT)
  Q_PROPERTY(QVariantMap openError READ openError CONSTANT)
  Q_PROPERTY(QString deviceId READ deviceId NOTIFY infoChanged)
  Q_PROPERTY(bool enrolled READ enrolled NOTIFY infoChanged)
  Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY infoChanged)
  Q_PROPERTY(QString role READ role NOTIFY infoChanged)
  Q_PROPERTY(QVariant scope READ scope NOTIFY infoChanged)
  Q_PROPERTY(int pendingChangeSets READ pendingChangeSets NOTIFY infoChanged)
  // Outbox entries not yet acknowledged by the server: drafts still to seal, sealed
  // change sets waiting, and sent ones awaiting their receipt.
  Q_PROPERTY(int waitingChangeSets READ waitingChangeSets NOTIFY infoChanged)
  Q_PROPERTY(int conflictCount READ conflictCount NOTIFY infoChanged)
  Q_PROPERTY(qint64 lastSyncMs READ lastSyncMs NOTIFY infoChanged)
  Q_PROPERTY(int revision READ revision NOTIFY dataChanged)
  Q_PROPERTY(bool enrolling READ enrolling NOTIFY busyChanged)
  Q_PROPERTY(bool syncing READ syncing NOTIFY busyChanged)
  Q_PROPERTY(int syncPhase READ syncPhase NOTIFY syncProgressChanged)
  Q_PROPERTY(double syncProgress READ syncProgress NOTIFY syncProgressChanged)
  Q_PROPERTY(QVariantMap syncError READ syncError NOTIFY syncErrorChanged)
  Q_PROPERTY(QVariantMap lastSyncSummary READ lastSyncSummary NOTIFY syncErrorChanged)
  Q_PROPERTY(QVariantMap lastError READ lastError NOTIFY lastErrorChanged)
  Q_PROPERTY(bool serverReachable READ serverReachable NOTIFY reachableChanged)
  Q_PROPERTY(bool autoSync READ autoSync WRITE setAutoSync NOTIFY autoSyncChanged)

 public:
  // Opens (creating if needed) the replica at `path`. options_json as in terrain.h.
  TerrainReplica(const QString& path, const QString& optionsJson, const Tunables& tunables,
                 QObject* parent = nullptr);
  ~TerrainReplica() override;

  bool isOpen() const { return replica_ != nullptr; }
  QVariantMap openError() const { return describeError(openError_); }
  QString deviceId() const { return info_.value(QStringLiteral("device_id")).toString(); }
  bool enrolled() const { return info_.value(QStringLiteral("enrolled")).toBool(); }
  QString serverUrl() const { return info_.value(QStringLiteral("server_url")).toString(); }
  QString role() const { return info_.value(QStringLiteral("role")).toString(); }
  QVariant scope() const { return info_.value(QStringLiteral("scope")); }
  int pendingChangeSets() const {
    return info_.value(QStringLiteral("pending_change_sets")).toInt();
  }
  int waitingChangeSets() const { return waiting_; }
  int conflictCount() const { return info_.value(QStringLiteral("conflicts")).toInt(); }
  qint64 lastSyncMs() const { return info_.value(QStringLiteral("last_sync_ms")).toLongLong(); }
  int revision() const { return revision_; }
  bool enrolling() const { return enrolling_; }
  bool syncing() const { return syncing_; }
  int syncPhase() const { return syncPhase_; }
  double syncProgress() const { return syncProgress_; }
  QVariantMap syncError() const { return describeError(syncError_); }
  QVariantMap lastSyncSummary() const { return lastSyncSummary_; }
  QVariantMap lastError() const { return describeError(lastError_); }
  bool serverReachable() const;
  bool autoSync() const { return autoSync_; }
  void setAutoSync(bool on);

  // ---- Reads ----
  Q_INVOKABLE QVariantMap info();
  Q_INVOKABLE QVariantMap get(const QString& collection, const QString& id);
  // Like get() but an absent record is simply {} (no lastError).
  Q_INVOKABLE QVariantMap find(const QString& collection, const QString& id);
  // filter: {"where": {...}, "search": {...}, "limit": N, "order_by": "field"}
  Q_INVOKABLE QVariantList query(const QString& collection, const QVariantMap& filter = {});
  Q_INVOKABLE int count(const QString& collection, const QVariantMap& where = {});
  Q_INVOKABLE QVariantList outbox();
  Q_INVOKABLE QVariantList conflicts();

  // ---- Writes: on failure lastError is set and "" / false is returned ----
  Q_INVOKABLE QString create(const QString& collection, const QVariantMap& fields);
  Q_INVOKABLE bool update(const QString& collection, const QString& id, const QVariantMap& fields);
  Q_INVOKABLE bool remove(const QString& collection, const QString& id);
  Q_INVOKABLE bool increment(const QString& collection, const QString& id, const QString& field,
                             int by);
  Q_INVOKABLE bool resolve(const QVariantMap& resolution);
  Q_INVOKABLE void clearLastError();

  // ---- Server (asynchronous) ----
  Q_INVOKABLE void enrol(const QString& serverUrl, const QString& code);
  // Starts a sync unless one is running; returns false when it could not start.
  Q_INVOKABLE bool sync();
  Q_INVOKABLE void probeServer();

  // Called when the display language changes: texts of current errors are re-read.
  void retranslate();

 signals:
  void infoChanged();
  void dataChanged();
  void busyChanged();
  void syncProgressChanged();
  void syncErrorChanged();
  void lastErrorChanged();
  void reachableChanged();
  void autoSyncChanged();
  // ok=false: error holds {code,title,action,detail}; ok=true: result holds the core's JSON.
  void enrolmentFinished(bool ok, const QVariantMap& result, const QVariantMap& error);
  void syncFinished(bool ok, const QVariantMap& summary, const QVariantMap& error);

 private:
  void refreshInfo();
  void bumpRevision();
  bool fail(::terrain_error& err, const char* context);
  void onEnrolFinished(const QByteArray& result, int domain, int code, const QString& message);
  void onSyncFinished(const QByteArray& result, int domain, int code, const QString& message);
  void onSyncProgress(int phase, quint64 done, quint64 total);
  void maybeAutoSync();
  bool startSync(bool automatic);

  terrain_replica* replica_ = nullptr;
  Tunables tunables_;
  ErrorValue openError_;
  QVariantMap info_;
  int waiting_ = 0;
  int revision_ = 0;
  bool enrolling_ = false;
  bool syncing_ = false;
  bool syncAutomatic_ = false;
  int syncPhase_ = 0;
  double syncProgress_ = 0;
  ErrorValue syncError_;
  QVariantMap lastSyncSummary_;
  ErrorValue lastError_;
  bool autoSync_ = true;
  QThread thread_;
  ReplicaWorker* worker_ = nullptr;
  Reachability* reachability_ = nullptr;
  QElapsedTimer sinceAutoSync_;
  int autoRetryMs_ = 0;
  bool lastAutoFailed_ = false;
};

}  // namespace terrain::field
