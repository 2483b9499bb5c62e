#include "terrain_replica.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "platform_keystore.h"
#include "reachability.h"
#include "replica_worker.h"
#include "terrain/terrain.h"

namespace terrain::field {
namespace {

// Copies a core string into a QByteArray and frees it.
QByteArray take(char* text) {
  QByteArray out = text ? QByteArray(text) : QByteArray();
  terrain_free(text);
  return out;
}

QVariant parse(const QByteArray& json) {
  if (json.isEmpty()) return {};
  return QJsonDocument::fromJson(json).toVariant();
}

QByteArray toJson(const QVariantMap& map) {
  return QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact);
}

ErrorValue toValue(terrain_error& err, const char* context) {
  ErrorValue v;
  v.domain = err.domain ? err.domain : TERRAIN_DOMAIN_TERRAIN;
  v.code = err.domain ? err.code : TERRAIN_ERR_INTERNAL;
  v.message = err.message ? QString::fromUtf8(err.message) : QString();
  v.context = QString::fromLatin1(context);
  terrain_error_clear(&err);
  return v;
}

QString optionString(const QString& optionsJson, const char* key) {
  const auto doc = QJsonDocument::fromJson(optionsJson.toUtf8());
  return doc.object().value(QLatin1String(key)).toString();
}

}  // namespace

TerrainReplica::TerrainReplica(const QString& path, const QString& optionsJson,
                               const Tunables& tunables, QObject* parent)
    : QObject(parent), tunables_(tunables) {
  terrain_error err{};
  const QByteArray p = path.toUtf8();
  const QByteArray options = optionsJson.toUtf8();
  replica_ = terrain_replica_open(p.constData(),
                                  optionsJson.isEmpty() ? nullptr : options.constData(), &err);
  if (!replica_) openError_ = toValue(err, "open");

  reachability_ = new Reachability(tunables_, optionString(optionsJson, "ca_file"), this);
  connect(reachability_, &Reachability::reachableChanged, this, &TerrainReplica::reachableChanged);
  connect(reachability_, &Reachability::probed, this, [this](bool ok) {
    if (ok) maybeAutoSync();
  });

  if (replica_) {
    worker_ = new ReplicaWorker(replica_);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &ReplicaWorker::enrolFinished, this, &TerrainReplica::onEnrolFinished);
    connect(worker_, &ReplicaWorker::syncFinished, this, &TerrainReplica::onSyncFinished);
    connect(worker_, &ReplicaWorker::syncProgress, this, &TerrainReplica::onSyncProgress);
    thread_.setObjectName(QStringLiteral("terrain-sync"));
    thread_.start();
    refreshInfo();
  }
  autoRetryMs_ = tunables_.auto_sync_retry_min_ms;
}

TerrainReplica::~TerrainReplica() {
  // A running enrol or sync finishes its current request first; the core keeps
  // everything resumable, so stopping here loses nothing.
  thread_.quit();
  thread_.wait();
  if (replica_) terrain_replica_close(replica_);
}

bool TerrainReplica::serverReachable() const {
  return reachability_->reachable();
}

void TerrainReplica::setAutoSync(bool on) {
  if (autoSync_ == on) return;
  autoSync_ = on;
  emit autoSyncChanged();
  if (on) maybeAutoSync();
}

bool TerrainReplica::fail(terrain_error& err, const char* context) {
  lastError_ = toValue(err, context);
  emit lastErrorChanged();
  return false;
}

void TerrainReplica::clearLastError() {
  if (!lastError_.isError()) return;
  lastError_ = {};
  emit lastErrorChanged();
}

void TerrainReplica::retranslate() {
  emit lastErrorChanged();
  emit syncErrorChanged();
}

void TerrainReplica::refreshInfo() {
  if (!replica_) return;
  terrain_error err{};
  const QByteArray json = take(terrain_replica_info(replica_, &err));
  if (json.isEmpty()) {
    fail(err, "read");
    return;
  }
  const QVariantMap next = parse(json).toMap();
  int waiting = 0;
  if (next.value(QStringLiteral("pending_change_sets")).toInt() > 0 ||
      next.value(QStringLiteral("drafts")).toInt() > 0) {
    for (const QVariant& e : outbox()) {
      const QString state = e.toMap().value(QStringLiteral("state")).toString();
      if (state == QLatin1String("draft") || state == QLatin1String("pending") ||
          state == QLatin1String("sent"))
        ++waiting;
    }
  }
  if (next == info_ && waiting == waiting_) return;
  info_ = next;
  waiting_ = waiting;
  reachability_->setServerUrl(enrolled() ? serverUrl() : QString());
  emit infoChanged();
}

void TerrainReplica::bumpRevision() {
  ++revision_;
  emit dataChanged();
}

QVariantMap TerrainReplica::info() {
  refreshInfo();
  return info_;
}

QVariantMap TerrainReplica::get(const QString& collection, const QString& id) {
  if (!replica_) return {};
  terrain_error err{};
  const QByteArray c = collection.toUtf8(), i = id.toUtf8();
  const QByteArray json = take(terrain_replica_get(replica_, c.constData(), i.constData(), &err));
  if (json.isEmpty()) {
    fail(err, "read");
    return {};
  }
  return parse(json).toMap();
}

QVariantMap TerrainReplica::find(const QString& collection, const QString& id) {
  if (!replica_ || id.isEmpty()) return {};
  terrain_error err{};
  const QByteArray c = collection.toUtf8(), i = id.toUtf8();
  const QByteArray json = take(terrain_replica_get(replica_, c.constData(), i.constData(), &err));
  terrain_error_clear(&err);
  return parse(json).toMap();
}

QVariantList TerrainReplica::query(const QString& collection, const QVariantMap& filter) {
  if (!replica_) return {};
  terrain_error err{};
  const QByteArray c = collection.toUtf8();
  const QByteArray f = toJson(filter);
  const QByteArray json = take(terrain_replica_query(
      replica_, c.constData(), filter.isEmpty() ? nullptr : f.constData(), &err));
  if (json.isEmpty()) {
    fail(err, "read");
    return {};
  }
  return parse(json).toList();
}

int TerrainReplica::count(const QString& collection, const QVariantMap& where) {
  QVariantMap filter;
  if (!where.isEmpty()) filter.insert(QStringLiteral("where"), where);
  return static_cast<int>(query(collection, filter).size());
}

QVariantList TerrainReplica::outbox() {
  if (!replica_) return {};
  terrain_error err{};
  const QByteArray json = take(terrain_replica_outbox(replica_, &err));
  if (json.isEmpty()) {
    fail(err, "read");
    return {};
  }
  return parse(json).toList();
}

QVariantList TerrainReplica::conflicts() {
  if (!replica_) return {};
  terrain_error err{};
  const QByteArray json = take(terrain_replica_conflicts(replica_, &err));
  if (json.isEmpty()) {
    fail(err, "read");
    return {};
  }
  return parse(json).toList();
}

QString TerrainReplica::create(const QString& collection, const QVariantMap& fields) {
  if (!replica_) return {};
  terrain_error err{};
  const QByteArray c = collection.toUtf8(), f = toJson(fields);
  const QByteArray id = take(terrain_replica_create(replica_, c.constData(), f.constData(), &err));
  if (id.isEmpty()) {
    fail(err, "write");
    return {};
  }
  clearLastError();
  refreshInfo();
  bumpRevision();
  return QString::fromUtf8(id);
}

bool TerrainReplica::update(const QString& collection, const QString& id,
                            const QVariantMap& fields) {
  if (!replica_) return false;
  terrain_error err{};
  const QByteArray c = collection.toUtf8(), i = id.toUtf8(), f = toJson(fields);
  if (!terrain_replica_update(replica_, c.constData(), i.constData(), f.constData(), &err))
    return fail(err, "write");
  clearLastError();
  refreshInfo();
  bumpRevision();
  return true;
}

bool TerrainReplica::remove(const QString& collection, const QString& id) {
  if (!replica_) return false;
  terrain_error err{};
  const QByteArray c = collection.toUtf8(), i = id.toUtf8();
  if (!terrain_replica_delete(replica_, c.constData(), i.constData(), &err))
    return fail(err, "write");
  clearLastError();
  refreshInfo();
  bumpRevision();
  return true;
}

bool TerrainReplica::increment(const QString& collection, const QString& id, const QString& field,
                               int by) {
  if (!replica_) return false;
  terrain_error err{};
  const QByteArray c = collection.toUtf8(), i = id.toUtf8(), f = field.toUtf8();
  if (!terrain_replica_increment(replica_, c.constData(), i.constData(), f.constData(), by, &err))
    return fail(err, "write");
  clearLastError();
  refreshInfo();
  bumpRevision();
  return true;
}

bool TerrainReplica::resolve(const QVariantMap& resolution) {
  if (!replica_) return false;
  terrain_error err{};
  const QByteArray r = toJson(resolution);
  if (!terrain_replica_resolve(replica_, r.constData(), &err)) return fail(err, "write");
  clearLastError();
  refreshInfo();
  bumpRevision();
  return true;
}

void TerrainReplica::enrol(const QString& serverUrl, const QString& code) {
  if (!worker_ || enrolling_ || syncing_) return;
  enrolling_ = true;
  emit busyChanged();
  QMetaObject::invokeMethod(worker_, "enrol", Qt::QueuedConnection, Q_ARG(QString, serverUrl),
                            Q_ARG(QString, code));
}

void TerrainReplica::onEnrolFinished(const QByteArray& result, int domain, int code,
                                     const QString& message) {
  enrolling_ = false;
  emit busyChanged();
  if (domain != 0 || result.isEmpty()) {
    ErrorValue e{domain ? domain : TERRAIN_DOMAIN_TERRAIN, domain ? code : TERRAIN_ERR_INTERNAL,
                 message, QStringLiteral("enrol")};
    emit enrolmentFinished(false, {}, describeError(e));
    return;
  }
  refreshInfo();
  emit enrolmentFinished(true, parse(result).toMap(), {});
}

bool TerrainReplica::sync() {
  return startSync(false);
}

bool TerrainReplica::startSync(bool automatic) {
  if (!worker_ || syncing_ || enrolling_) return false;
  syncing_ = true;
  syncAutomatic_ = automatic;
  syncPhase_ = TERRAIN_SYNC_SEAL;
  syncProgress_ = 0;
  sinceAutoSync_.start();
  // Progress first: the progress bar, shown when `syncing` turns true, starts from 0
  // and never shows the previous sync's 100 %.
  emit syncProgressChanged();
  emit busyChanged();
  QMetaObject::invokeMethod(worker_, "sync", Qt::QueuedConnection);
  return true;
}

void TerrainReplica::onSyncProgress(int phase, quint64 done, quint64 total) {
  // Overall progress: seal 0-10 %, push 10-55 %, pull 55-100 %.
  double lo = 0, hi = 1;
  switch (phase) {
    case TERRAIN_SYNC_SEAL:
      lo = 0.0;
      hi = 0.1;
      break;
    case TERRAIN_SYNC_PUSH:
      lo = 0.1;
      hi = 0.55;
      break;
    case TERRAIN_SYNC_PULL:
      lo = 0.55;
      hi = 1.0;
      break;
    default:
      lo = 1.0;
      hi = 1.0;
      break;
  }
  const double within = total > 0 ? std::min(1.0, double(done) / double(total)) : 0.0;
  const double next = lo + (hi - lo) * within;
  syncPhase_ = phase;
  syncProgress_ = std::max(syncProgress_, next);  // never goes backwards
  emit syncProgressChanged();
}

void TerrainReplica::onSyncFinished(const QByteArray& result, int domain, int code,
                                    const QString& message) {
  syncing_ = false;
  const bool ok = domain == 0 && !result.isEmpty();
  if (ok) {
    syncError_ = {};
    lastSyncSummary_ = parse(result).toMap();
    syncPhase_ = TERRAIN_SYNC_DONE;
    syncProgress_ = 1.0;
    autoRetryMs_ = tunables_.auto_sync_retry_min_ms;
    lastAutoFailed_ = false;
  } else {
    syncError_ = ErrorValue{domain ? domain : TERRAIN_DOMAIN_TERRAIN,
                            domain ? code : TERRAIN_ERR_INTERNAL, message, QStringLiteral("sync")};
    if (syncAutomatic_) {
      lastAutoFailed_ = true;
      autoRetryMs_ = std::min(autoRetryMs_ * 2, tunables_.poll_backoff_max_ms);
    }
  }
  refreshInfo();
  bumpRevision();
  emit busyChanged();
  emit syncProgressChanged();
  emit syncErrorChanged();
  emit syncFinished(ok, lastSyncSummary_, describeError(syncError_));
  if (ok && waitingChangeSets() > 0) maybeAutoSync();  // written during the sync
}

void TerrainReplica::probeServer() {
  reachability_->probeSoon();
}

void TerrainReplica::maybeAutoSync() {
  if (!autoSync_ || !enrolled() || syncing_ || enrolling_ || !reachability_->reachable()) return;
  const bool never = !sinceAutoSync_.isValid();
  const qint64 since = never ? std::numeric_limits<qint64>::max() : sinceAutoSync_.elapsed();
  if (lastAutoFailed_ && since < autoRetryMs_) return;
  const bool pending = waitingChangeSets() > 0;
  if (pending || never || since >= tunables_.auto_pull_every_ms) startSync(true);
}

}  // namespace terrain::field
