// terrain-field: the facilitators' and evaluators' tablet app.
//
// Usage: terrain-field [--replica FILE] [--ca-file PEM] [--lang fr|en] [--no-auto-sync]
// By default the replica lives in the app's data folder.
#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>

#include "field_app.h"

Q_IMPORT_QML_PLUGIN(Terrain_FieldPlugin)

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("terrain-field"));
  QGuiApplication::setOrganizationName(QStringLiteral("CNSA"));
  QGuiApplication::setApplicationDisplayName(QStringLiteral("Terrain"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Terrain : saisie des rencontres sur tablette"));
  parser.addHelpOption();
  QCommandLineOption replicaOpt(QStringLiteral("replica"), QStringLiteral("Fichier de la réplique"),
                                QStringLiteral("file"));
  QCommandLineOption caOpt(QStringLiteral("ca-file"),
                           QStringLiteral("Certificats d'autorité supplémentaires (PEM)"),
                           QStringLiteral("pem"));
  QCommandLineOption langOpt(QStringLiteral("lang"), QStringLiteral("Langue : fr ou en"),
                             QStringLiteral("code"));
  QCommandLineOption noAutoOpt(QStringLiteral("no-auto-sync"),
                               QStringLiteral("Ne pas synchroniser automatiquement"));
  parser.addOptions({replicaOpt, caOpt, langOpt, noAutoOpt});
  parser.process(app);

  terrain::field::FieldAppOptions options;
  options.replicaPath = parser.value(replicaOpt);
  if (options.replicaPath.isEmpty()) {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    options.replicaPath = dir + QStringLiteral("/terrain.replica");
  }
  options.caFile = parser.value(caOpt);
  options.language = parser.value(langOpt);
  options.autoSync = !parser.isSet(noAutoOpt);

  terrain::field::FieldApp::setupStyle();
  terrain::field::FieldApp field(options);
  if (!field.loaded()) return 1;
  return QGuiApplication::exec();
}
