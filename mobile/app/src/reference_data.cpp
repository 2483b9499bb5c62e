#include "reference_data.h"

#include <QDir>
#include <QFile>
#include <QJSValue>
#include <QJsonDocument>

#include "language.h"

namespace terrain::field {
namespace {

QVariant readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).toVariant();
}

}  // namespace

ReferenceData::ReferenceData(Language* language, QObject* parent)
    : QObject(parent), language_(language) {
  connect(language_, &Language::changed, this, &ReferenceData::languageChanged);
  const QDir ref(QStringLiteral(":/schemas/reference"));
  for (const QString& file : ref.entryList({QStringLiteral("*.json")}, QDir::Files)) {
    QString name = file;
    name.chop(5);
    files_.insert(name, readJson(ref.filePath(file)).toMap());
  }
  const QDir c(QStringLiteral(":/schemas/collections"));
  for (const QString& file : c.entryList({QStringLiteral("*.json")}, QDir::Files)) {
    QString name = file;
    name.chop(5);
    collections_.insert(name, readJson(c.filePath(file)).toMap());
  }
  const QDir q(QStringLiteral(":/schemas/questionnaires"));
  for (const QString& file : q.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
    const QVariantMap def = readJson(q.filePath(file)).toMap();
    // Only definitions (they have questions), not the definitions' own JSON Schema.
    if (def.contains(QStringLiteral("questions"))) questionnaires_.append(def);
  }
}

QString ReferenceData::languageCode() const {
  return language_->code();
}

QString ReferenceData::text(const QVariant& localisedIn) const {
  // From QML, a JavaScript object arrives wrapped in a QJSValue.
  const QVariant localised = localisedIn.metaType() == QMetaType::fromType<QJSValue>()
                                 ? localisedIn.value<QJSValue>().toVariant()
                                 : localisedIn;
  if (localised.typeId() == QMetaType::QVariantMap) {
    const QVariantMap m = localised.toMap();
    const QString mine = m.value(language_->code()).toString();
    return mine.isEmpty() ? m.value(QStringLiteral("fr")).toString() : mine;
  }
  return localised.toString();
}

QVariantMap ReferenceData::localise(const QVariantMap& item) const {
  QVariantMap out = item;
  out.insert(QStringLiteral("label"), text(item.value(QStringLiteral("label"))));
  return out;
}

QVariantList ReferenceData::items(const QString& name) const {
  QVariantList out;
  for (const QVariant& v : files_.value(name).value(QStringLiteral("items")).toList())
    out.append(localise(v.toMap()));
  return out;
}

QString ReferenceData::label(const QString& name, const QVariant& code) const {
  const QString wanted = code.toString();
  for (const QVariant& v : files_.value(name).value(QStringLiteral("items")).toList()) {
    const QVariantMap m = v.toMap();
    if (m.value(QStringLiteral("code")).toString() == wanted)
      return text(m.value(QStringLiteral("label")));
  }
  return {};
}

QVariantList ReferenceData::departments(const QString& region) const {
  QVariantList out;
  for (const QVariant& v :
       files_.value(QStringLiteral("departments")).value(QStringLiteral("items")).toList()) {
    const QVariantMap m = v.toMap();
    if (region.isEmpty() || m.value(QStringLiteral("region")).toString() == region)
      out.append(localise(m));
  }
  return out;
}

QVariantList ReferenceData::priorityAxes() const {
  const QVariantMap file = files_.value(QStringLiteral("priorities"));
  QVariantList out;
  for (const QVariant& a : file.value(QStringLiteral("axes")).toList()) {
    QVariantMap axis = localise(a.toMap());
    QVariantList members;
    for (const QVariant& p : file.value(QStringLiteral("items")).toList()) {
      const QVariantMap m = p.toMap();
      if (m.value(QStringLiteral("axis")) == axis.value(QStringLiteral("code")))
        members.append(localise(m));
    }
    axis.insert(QStringLiteral("items"), members);
    out.append(axis);
  }
  return out;
}

bool ReferenceData::isPersonal(const QString& collection, const QString& field) const {
  const QVariantMap prop = collections_.value(collection)
                               .value(QStringLiteral("properties"))
                               .toMap()
                               .value(field)
                               .toMap();
  // Unknown collection or field: treat as personal, so nothing leaks by mistake.
  if (prop.isEmpty()) return true;
  return prop.value(QStringLiteral("x-personal")).toBool();
}

QString ReferenceData::fieldTitle(const QString& collection, const QString& field) const {
  const QString title = collections_.value(collection)
                            .value(QStringLiteral("properties"))
                            .toMap()
                            .value(field)
                            .toMap()
                            .value(QStringLiteral("title"))
                            .toString();
  return title.isEmpty() ? field : title;
}

QString ReferenceData::collectionTitle(const QString& collection) const {
  const QString title = collections_.value(collection).value(QStringLiteral("title")).toString();
  return title.isEmpty() ? collection : title;
}

QVariantList ReferenceData::bundledQuestionnaires() const {
  return questionnaires_;
}

}  // namespace terrain::field
