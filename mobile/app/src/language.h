// The display language: French by default, English through Qt's translation files
// (i18n/terrain-field_<code>.ts, compiled by lrelease into the app's resources).
// Sources are written in French; the French file only adds plural forms (%n).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QString>
#include <QTranslator>

class QQmlEngine;

namespace terrain::field {

class Language : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Language is created by the application")
  Q_PROPERTY(QString code READ code NOTIFY changed)
  Q_PROPERTY(QString locale READ locale NOTIFY changed)

 public:
  explicit Language(QObject* parent = nullptr);
  ~Language() override;

  QString code() const { return code_.isEmpty() ? QStringLiteral("fr") : code_; }
  QString locale() const {
    return code() == QLatin1String("en") ? QStringLiteral("en_GB") : QStringLiteral("fr_FR");
  }
  void setEngine(QQmlEngine* engine) { engine_ = engine; }
  // "fr" or "en"; returns false for a language the app does not have.
  Q_INVOKABLE bool setLanguage(const QString& code);

 signals:
  void changed();

 private:
  QString code_;  // empty until the first setLanguage()
  QTranslator translator_;
  bool installed_ = false;
  QQmlEngine* engine_ = nullptr;
};

}  // namespace terrain::field
