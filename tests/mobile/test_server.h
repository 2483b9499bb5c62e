// A real terrain-server for the field app's end-to-end tests: started as a child
// process on 127.0.0.1 on a free port with a fresh data directory, stopped (SIGTERM)
// and restarted on the same port and data, and driven through its admin HTTP API
// (enrolment codes, a meeting's records as the server holds them).
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <memory>

namespace terrain::field::test {

class TestServer {
 public:
  // `binary`: path of terrain-server; `dataDir`: an empty directory.
  TestServer(QString binary, QString dataDir);
  ~TestServer();

  // Starts (or restarts) the server; waits until /healthz answers. Returns false with
  // the server's stderr in lastError() when it does not come up.
  bool start();
  // Stops it gracefully (SIGTERM) and waits for the exit.
  void stop();
  bool running() const;

  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port_); }
  int port() const { return port_; }
  QString lastError() const { return lastError_; }

  // Admin API (logs in on first use). Returns the JSON answer, or null on failure.
  QJsonDocument admin(const QByteArray& method, const QString& path,
                      const QJsonDocument& body = {});
  // A single-use enrolment code for a role ("facilitator", "evaluator") and a scope.
  QString enrolmentCode(const QString& role, const QJsonObject& scope);

 private:
  QJsonDocument request(const QByteArray& method, const QString& path, const QJsonDocument& body,
                        const QByteArray& token, int* status);
  bool login();

  QString binary_;
  QString dataDir_;
  QString password_;
  QByteArray token_;
  int port_ = 0;
  QString lastError_;
  std::unique_ptr<QProcess> process_;
};

// A TCP port nobody listens on right now (asks the OS for one, then releases it).
int freePort();

}  // namespace terrain::field::test
