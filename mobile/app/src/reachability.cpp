#include "reachability.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <algorithm>

namespace terrain::field {

Reachability::Reachability(const Tunables& tunables, QString caFile, QObject* parent)
    : QObject(parent), tunables_(tunables), caFile_(std::move(caFile)) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, &Reachability::probe);
  backoffMs_ = tunables_.poll_backoff_min_ms;
}

void Reachability::setServerUrl(const QString& url) {
  QString base = url.trimmed();
  while (base.endsWith(QLatin1Char('/'))) base.chop(1);
  const QUrl next = base.isEmpty() ? QUrl() : QUrl(base + QStringLiteral("/healthz"));
  if (next == healthz_) return;
  healthz_ = next;
  if (inFlight_) {
    QNetworkReply* stale = inFlight_.data();
    inFlight_ = nullptr;  // its finished() is ignored below
    stale->abort();
  }
  if (healthz_.isValid() && !healthz_.isEmpty()) {
    schedule(tunables_.poll_first_ms);
  } else {
    timer_.stop();
  }
}

void Reachability::probeSoon() {
  if (!healthz_.isValid() || healthz_.isEmpty() || inFlight_) return;
  schedule(0);
}

void Reachability::schedule(int ms) {
  timer_.start(std::max(0, ms));
}

void Reachability::probe() {
  if (!healthz_.isValid() || healthz_.isEmpty() || inFlight_) return;
  QNetworkRequest request(healthz_);
  request.setTransferTimeout(tunables_.poll_timeout_ms);
  request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                       QNetworkRequest::NoLessSafeRedirectPolicy);
  if (!caFile_.isEmpty() && healthz_.scheme() == QLatin1String("https")) {
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    auto extra = QSslCertificate::fromPath(caFile_);
    if (!extra.isEmpty()) {
      auto all = ssl.caCertificates();
      all.append(extra);
      ssl.setCaCertificates(all);
    }
    request.setSslConfiguration(ssl);
  }
  QNetworkReply* reply = network_.get(request);
  inFlight_ = reply;
  connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void Reachability::onFinished(QNetworkReply* reply) {
  reply->deleteLater();
  if (reply != inFlight_.data()) return;  // aborted because the server changed
  inFlight_ = nullptr;
  const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  const bool answered = status >= 200 && status < 300;
  const bool tlsAnswered = reply->error() == QNetworkReply::SslHandshakeFailedError;
  const bool ok = answered || tlsAnswered;

  if (ok) {
    backoffMs_ = tunables_.poll_backoff_min_ms;
    schedule(tunables_.poll_reachable_ms);
  } else {
    schedule(backoffMs_);
    backoffMs_ = std::min(backoffMs_ * 2, tunables_.poll_backoff_max_ms);
  }
  const bool was = reachable_;
  reachable_ = ok;
  emit probed(ok);
  if (was != ok) emit reachableChanged(ok);
  if (!was && ok) emit becameReachable();
}

}  // namespace terrain::field
