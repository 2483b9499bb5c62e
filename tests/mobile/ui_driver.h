// Drives the real terrain-field app (real Main.qml, real bridge, real libterrain) in
// tests, offscreen: find items by objectName, type, tap, wait for conditions,
// take screenshots, check that text is not clipped.
#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <memory>

#include "field_app.h"

// Catch prints QStrings in failed checks.
#include <catch2/catch.hpp>
namespace Catch {
template <>
struct StringMaker<QString> {
  static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
}  // namespace Catch

class QQuickItem;
class QQuickWindow;

namespace terrain::field::test {

// The QGuiApplication of the test process (offscreen, software rendering), created once.
void ensureApplication();

// Polls `condition` while processing events, up to timeout_ms. Not a sleep: returns as
// soon as the condition holds.
bool waitUntil(const std::function<bool()>& condition, int timeout_ms = 15000);

// Where screenshots go: $TERRAIN_BINARY_DIR/screenshots/mobile (or ./screenshots).
QString screenshotDir();

// Messages logged by the process since the last clear (Qt and QML), to check that no
// personal data is ever logged.
QStringList loggedMessages();
void clearLoggedMessages();

// Tunables for tests: quick polling and a short kiosk hold.
Tunables fastTunables();

class Tablet {
 public:
  // A tablet with its own replica file `dir`/`name`.replica, shown at width x height.
  Tablet(const QString& dir, const QString& name, int width = 1280, int height = 800,
         bool autoSync = false, const QString& language = QStringLiteral("fr"));
  ~Tablet();

  FieldApp& app() { return *app_; }
  QQuickWindow* window() const;
  QObject* root() const;

  // Every object whose objectName is `name`, visible ones first.
  QList<QObject*> findAll(const QString& name) const;
  // The first visible object named `name` (or the first at all); nullptr if none.
  QObject* find(const QString& name) const;
  // Like find() but waits for it to appear (and be visible).
  QObject* waitFor(const QString& name, int timeout_ms = 10000) const;
  bool isVisible(const QString& name) const;

  void resize(int width, int height);
  // Taps the centre of an item with a real mouse click (it must be visible and on top).
  void tap(QObject* item);
  void tap(const QString& name);
  // Types a PIN on the kiosk's PIN pad (keys pinKey_<digit>), then OK.
  void enterPin(const QString& digits);
  // Holds a press on the item until `until` holds (or times out), then releases.
  bool hold(const QString& name, const std::function<bool()>& until, int timeout_ms = 5000);
  void setText(const QString& name, const QString& text);
  QString text(const QString& name) const;
  void choose(const QString& name, const QString& code);  // a ChoiceField's value
  // Like a finger: taps the ChoiceField `name`, then its option `code` in the list that
  // opens (option items are named <name>_<code>). Returns whether the field shows it.
  bool pick(const QString& name, const QString& code);
  // Calls a QML function on the object named `name`.
  QVariant call(const QString& name, const char* method, const QVariantList& args = {});

  // All visible texts in the window, for "is this shown?" checks.
  QStringList visibleTexts() const;
  // Every visible text a person could not read whole: a single line wider than its
  // item, elided ("…") or past its maximum line count, taller than the height its
  // layout gave it (cut at the bottom), or outside a clipping ancestor or the window
  // (except inside scrollable views). A list of "named ancestor › objectName: text
  // [why]"; empty when nothing is clipped.
  QStringList clippedTexts() const;
  // Saves a PNG of the window as <screenshotDir>/<name>_<w>x<h>.png; returns the path.
  QString screenshot(const QString& name);

 private:
  void settle(QQuickItem* item) const;
  void scrollIntoView(QQuickItem* item) const;
  std::unique_ptr<FieldApp> app_;
};

// The screen as it is now, in landscape (1280x800) then portrait (800x1280): a
// screenshot of each and a check that no text is clipped; the size is then restored.
void checkScreen(Tablet& t, const QString& name);

}  // namespace terrain::field::test
