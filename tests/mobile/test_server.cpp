#include "test_server.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTimer>

#include "ui_driver.h"

namespace terrain::field::test {

int freePort() {
  QTcpServer probe;
  if (!probe.listen(QHostAddress::LocalHost, 0)) return 0;
  const int port = probe.serverPort();
  probe.close();
  return port;
}

TestServer::TestServer(QString binary, QString dataDir)
    : binary_(std::move(binary)), dataDir_(std::move(dataDir)) {
  password_ = QStringLiteral("field-test-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
}

TestServer::~TestServer() {
  stop();
}

bool TestServer::running() const {
  return process_ && process_->state() != QProcess::NotRunning;
}

bool TestServer::start() {
  ensureApplication();
  if (running()) return true;
  const QStringList fast = {QStringLiteral("--pwhash_opslimit"), QStringLiteral("1"),
                            QStringLiteral("--pwhash_memlimit"), QStringLiteral("65536")};
  if (port_ == 0) {
    // First start: an administrator for the test, password on stdin.
    QProcess add;
    add.start(binary_,
              QStringList{QStringLiteral("admin"), QStringLiteral("add"), QStringLiteral("--data"),
                          dataDir_, QStringLiteral("--name"), QStringLiteral("fieldtest")} +
                  fast);
    add.write(password_.toUtf8() + "\n");
    add.closeWriteChannel();
    if (!add.waitForFinished(60000) || add.exitCode() != 0) {
      lastError_ = QString::fromUtf8(add.readAllStandardError());
      return false;
    }
    port_ = freePort();
  }
  process_ = std::make_unique<QProcess>();
  process_->setProcessChannelMode(QProcess::SeparateChannels);
  process_->start(binary_, QStringList{QStringLiteral("serve"), QStringLiteral("--data"), dataDir_,
                                       QStringLiteral("--port"), QString::number(port_)} +
                               fast);
  if (!process_->waitForStarted(10000)) {
    lastError_ = process_->errorString();
    return false;
  }
  const bool up = waitUntil(
      [&] {
        if (!running()) return true;
        int status = 0;
        request("GET", QStringLiteral("/healthz"), {}, {}, &status);
        return status == 200;
      },
      30000);
  if (!up || !running()) {
    lastError_ = QString::fromUtf8(process_->readAllStandardError());
    return false;
  }
  return true;
}

void TestServer::stop() {
  if (!running()) return;
  process_->terminate();  // SIGTERM: graceful stop
  if (!process_->waitForFinished(30000)) {
    process_->kill();
    process_->waitForFinished(5000);
  }
  token_.clear();
}

QJsonDocument TestServer::request(const QByteArray& method, const QString& path,
                                  const QJsonDocument& body, const QByteArray& token, int* status) {
  static QNetworkAccessManager* network = new QNetworkAccessManager();
  QNetworkRequest req(QUrl(url() + path));
  req.setTransferTimeout(10000);
  req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
  if (!token.isEmpty()) req.setRawHeader("Authorization", "Bearer " + token);
  QNetworkReply* reply = network->sendCustomRequest(
      req, method, body.isNull() ? QByteArray() : body.toJson(QJsonDocument::Compact));
  QEventLoop loop;
  QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
  if (!reply->isFinished()) loop.exec();
  *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  const QByteArray answer = reply->readAll();
  reply->deleteLater();
  return QJsonDocument::fromJson(answer);
}

bool TestServer::login() {
  if (!token_.isEmpty()) return true;
  int status = 0;
  const QJsonDocument r = request(
      "POST", QStringLiteral("/admin/login"),
      QJsonDocument(QJsonObject{{"name", "fieldtest"}, {"password", password_}}), {}, &status);
  token_ = r.object().value(QStringLiteral("token")).toString().toUtf8();
  if (token_.isEmpty()) lastError_ = QString::fromUtf8(r.toJson());
  return !token_.isEmpty();
}

QJsonDocument TestServer::admin(const QByteArray& method, const QString& path,
                                const QJsonDocument& body) {
  if (!login()) return {};
  int status = 0;
  QJsonDocument r = request(method, path, body, token_, &status);
  if (status < 200 || status >= 300) {
    lastError_ = QString::fromUtf8(r.toJson());
    return {};
  }
  return r;
}

QString TestServer::enrolmentCode(const QString& role, const QJsonObject& scope) {
  const QJsonDocument r = admin("POST", QStringLiteral("/admin/enrolment-codes"),
                                QJsonDocument(QJsonObject{{"role", role}, {"scope", scope}}));
  return r.object().value(QStringLiteral("code")).toString();
}

}  // namespace terrain::field::test
