#include "field_app.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QUrl>

#include "language.h"
#include "reference_data.h"
#include "terrain/terrain.h"
#include "terrain_replica.h"

namespace terrain::field {

void FieldApp::setupStyle() {
  QQuickStyle::setStyle(QStringLiteral("Material"));
}

FieldApp::FieldApp(const FieldAppOptions& options, QObject* parent)
    : QObject(parent), options_(options) {
  language_ = new Language(this);
  reference_ = new ReferenceData(language_, this);

  QJsonObject open;
  if (!options.caFile.isEmpty()) open.insert(QStringLiteral("ca_file"), options.caFile);
  // Told to the server at each sync, for the console's fleet page.
  open.insert(QStringLiteral("app"),
              QStringLiteral("terrain-field/") + QString::fromUtf8(terrain_version()));
  const QString openJson =
      open.isEmpty() ? QString()
                     : QString::fromUtf8(QJsonDocument(open).toJson(QJsonDocument::Compact));
  replica_ = new TerrainReplica(options.replicaPath, openJson, options.tunables, this);
  replica_->setAutoSync(options.autoSync);

  // The display language is a device preference kept beside the replica.
  QSettings settings(options.replicaPath + QStringLiteral(".app.ini"), QSettings::IniFormat);
  const QString lang =
      options.language.isEmpty()
          ? settings.value(QStringLiteral("language"), QStringLiteral("fr")).toString()
          : options.language;
  language_->setLanguage(lang);
  connect(language_, &Language::changed, this, [this] {
    QSettings s(options_.replicaPath + QStringLiteral(".app.ini"), QSettings::IniFormat);
    s.setValue(QStringLiteral("language"), language_->code());
    replica_->retranslate();
  });

  engine_ = std::make_unique<QQmlApplicationEngine>();
  language_->setEngine(engine_.get());
  engine_->setInitialProperties(
      {{QStringLiteral("replica"), QVariant::fromValue(replica_)},
       {QStringLiteral("reference"), QVariant::fromValue(reference_)},
       {QStringLiteral("language"), QVariant::fromValue(language_)},
       {QStringLiteral("kioskHoldMs"), options.tunables.kiosk_hold_ms},
       {QStringLiteral("kioskPinMin"), options.tunables.kiosk_pin_min_digits},
       {QStringLiteral("kioskPinMax"), options.tunables.kiosk_pin_max_digits}});
  engine_->load(QUrl(QStringLiteral("qrc:/Terrain/Field/Main.qml")));
}

FieldApp::~FieldApp() {
  engine_.reset();  // QML goes first: it holds pointers to the bridge
}

bool FieldApp::loaded() const {
  return !engine_->rootObjects().isEmpty();
}

QQuickWindow* FieldApp::window() const {
  if (engine_->rootObjects().isEmpty()) return nullptr;
  return qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
}

}  // namespace terrain::field
