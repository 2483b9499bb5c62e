#include "replica_worker.h"

#include "terrain/terrain.h"

namespace terrain::field {
namespace {

void onProgress(void* ctx, int phase, uint64_t done, uint64_t total) {
  auto* worker = static_cast<ReplicaWorker*>(ctx);
  emit worker->syncProgress(phase, static_cast<quint64>(done), static_cast<quint64>(total));
}

// Takes ownership of a core string: copies it and frees the original.
QByteArray take(char* text) {
  QByteArray out = text ? QByteArray(text) : QByteArray();
  terrain_free(text);
  return out;
}

}  // namespace

void ReplicaWorker::enrol(const QString& serverUrl, const QString& code) {
  terrain_error err{};
  const QByteArray url = serverUrl.trimmed().toUtf8();
  const QByteArray secret = code.trimmed().toUtf8();
  const QByteArray result =
      take(terrain_replica_enrol(replica_, url.constData(), secret.constData(), &err));
  const QString message = err.message ? QString::fromUtf8(err.message) : QString();
  const int domain = err.domain;
  const int errCode = err.code;
  terrain_error_clear(&err);
  emit enrolFinished(result, domain, errCode, message);
}

void ReplicaWorker::sync() {
  terrain_error err{};
  const QByteArray result = take(terrain_replica_sync(replica_, &onProgress, this, &err));
  const QString message = err.message ? QString::fromUtf8(err.message) : QString();
  const int domain = err.domain;
  const int errCode = err.code;
  terrain_error_clear(&err);
  emit syncFinished(result, domain, errCode, message);
}

}  // namespace terrain::field
