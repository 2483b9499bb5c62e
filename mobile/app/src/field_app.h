// FieldApp: the composition root of terrain-field.
//
// One FieldApp = one replica file + one QML engine + one window. The executable makes
// one; the UI tests make one or two (two tablets at the same meeting) in one process.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "app_tunables.h"

class QQmlApplicationEngine;
class QQuickWindow;

namespace terrain::field {

class Language;
class ReferenceData;
class TerrainReplica;

struct FieldAppOptions {
  QString replicaPath;  // SQLite file of the replica
  QString caFile;       // extra CA certificates (PEM) for a private server; may be empty
  QString language;     // "fr" or "en"; empty = the saved choice, French by default
  bool autoSync = true;
  Tunables tunables;
};

class FieldApp : public QObject {
  Q_OBJECT
 public:
  explicit FieldApp(const FieldAppOptions& options, QObject* parent = nullptr);
  ~FieldApp() override;

  // Sets the Quick Controls style; call once before the first FieldApp.
  static void setupStyle();

  bool loaded() const;
  QQuickWindow* window() const;
  QQmlApplicationEngine* engine() const { return engine_.get(); }
  TerrainReplica* replica() const { return replica_; }
  Language* language() const { return language_; }

 private:
  FieldAppOptions options_;
  Language* language_ = nullptr;
  ReferenceData* reference_ = nullptr;
  TerrainReplica* replica_ = nullptr;
  std::unique_ptr<QQmlApplicationEngine> engine_;
};

}  // namespace terrain::field
