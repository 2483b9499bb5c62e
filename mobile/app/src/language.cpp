#include "language.h"

#include <QCoreApplication>
#include <QQmlEngine>

namespace terrain::field {

Language::Language(QObject* parent) : QObject(parent) {}

Language::~Language() {
  if (installed_) QCoreApplication::removeTranslator(&translator_);
}

bool Language::setLanguage(const QString& code) {
  if (code != QLatin1String("fr") && code != QLatin1String("en")) return false;
  if (code == code_) return true;
  if (installed_) {
    QCoreApplication::removeTranslator(&translator_);
    installed_ = false;
  }
  if (translator_.load(QStringLiteral(":/i18n/terrain-field_%1.qm").arg(code))) {
    QCoreApplication::installTranslator(&translator_);
    installed_ = true;
  }
  code_ = code;
  emit changed();
  if (engine_) engine_->retranslate();
  return true;
}

}  // namespace terrain::field
