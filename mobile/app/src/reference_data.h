// Reference data and questionnaire definitions for the screens.
//
// The JSON files of schemas/reference/ and schemas/questionnaires/ are embedded in the
// app's resources at build time (the same bytes the core embeds), so lists such as
// actor types, meeting types, regions and departments work with no network.
// Every list item is {code, label, ...}, the label in the current display language.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QHash>
#include <QObject>
#include <QVariantList>
#include <QVariantMap>

namespace terrain::field {

class Language;

class ReferenceData : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("ReferenceData is created by the application")
  // Read it inside a binding to re-evaluate lists when the language changes.
  Q_PROPERTY(QString languageCode READ languageCode NOTIFY languageChanged)

 public:
  explicit ReferenceData(Language* language, QObject* parent = nullptr);

  QString languageCode() const;

  // Items of reference/<name>.json: [{code, label, ...other keys}], labels localised.
  Q_INVOKABLE QVariantList items(const QString& name) const;
  // The localised label of one code ("" when unknown). Codes may be numbers (priorities).
  Q_INVOKABLE QString label(const QString& name, const QVariant& code) const;
  // Departments of a region, in code order; all departments for an empty region.
  Q_INVOKABLE QVariantList departments(const QString& region) const;
  // Axes of the strategic priorities, each {code, label, items: [priorities]}.
  Q_INVOKABLE QVariantList priorityAxes() const;
  // Questionnaire definitions shipped with the app (schemas/questionnaires/*.json),
  // each the parsed definition object.
  Q_INVOKABLE QVariantList bundledQuestionnaires() const;
  // Whether a collection's field holds personal data ("x-personal" in its schema).
  Q_INVOKABLE bool isPersonal(const QString& collection, const QString& field) const;
  // A field's title from its collection schema (French), or the field name.
  Q_INVOKABLE QString fieldTitle(const QString& collection, const QString& field) const;
  // A collection's title from its schema (French), or its name.
  Q_INVOKABLE QString collectionTitle(const QString& collection) const;
  // Localises a {"fr": ..., "en": ...} object (or returns a plain string unchanged).
  Q_INVOKABLE QString text(const QVariant& localised) const;

 signals:
  void languageChanged();

 private:
  QVariantMap localise(const QVariantMap& item) const;

  Language* language_;
  QHash<QString, QVariantMap> files_;  // name -> parsed reference file
  QVariantList questionnaires_;
  QHash<QString, QVariantMap> collections_;  // name -> JSON Schema
};

}  // namespace terrain::field
