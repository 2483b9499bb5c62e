#include "ui_driver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QMetaObject>
#include <QMutex>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>
#include <algorithm>

Q_IMPORT_QML_PLUGIN(Terrain_FieldPlugin)

namespace terrain::field::test {
namespace {

QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext& ctx, const QString& msg) {
  {
    QMutexLocker lock(&logMutex);
    logLines.append(msg);
  }
  if (previousHandler) previousHandler(type, ctx, msg);
}

void collect(QObject* object, QList<QObject*>& out, QSet<QObject*>& seen) {
  if (!object || seen.contains(object)) return;
  seen.insert(object);
  out.append(object);
  for (QObject* child : object->children()) collect(child, out, seen);
  if (auto* item = qobject_cast<QQuickItem*>(object))
    for (QQuickItem* child : item->childItems()) collect(child, out, seen);
}

bool visible(QObject* o) {
  if (auto* item = qobject_cast<QQuickItem*>(o)) return item->isVisible();
  const QVariant v = o->property("visible");
  return v.isValid() ? v.toBool() : true;
}

}  // namespace

void ensureApplication() {
  if (QCoreApplication::instance()) return;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // A tablet in France: local times (meeting start, last sync) as a facilitator sees
  // them, whatever the CI machine's zone. Without tzdata Qt falls back to UTC.
  if (qEnvironmentVariableIsEmpty("TZ")) qputenv("TZ", "Europe/Paris");
  QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
  static int argc = 1;
  static char name[] = "terrain_field_ui_test";
  static char* argv[] = {name, nullptr};
  previousHandler = qInstallMessageHandler(captureMessage);
  new QGuiApplication(argc, argv);  // lives for the whole test process
  FieldApp::setupStyle();
}

bool waitUntil(const std::function<bool()>& condition, int timeout_ms) {
  return QTest::qWaitFor(condition, timeout_ms);
}

QString screenshotDir() {
  // The build tree's top (set by CMake), so that screenshots land in
  // <build>/screenshots/mobile whatever the test's working directory.
#ifdef TERRAIN_TEST_BINARY_DIR
  const QString top = QStringLiteral(TERRAIN_TEST_BINARY_DIR);
#else
  const QString top = QDir::currentPath();
#endif
  const QString base = qEnvironmentVariable("TERRAIN_BINARY_DIR", top);
  const QString dir = base + QStringLiteral("/screenshots/mobile");
  QDir().mkpath(dir);
  return dir;
}

QStringList loggedMessages() {
  QMutexLocker lock(&logMutex);
  return logLines;
}

void clearLoggedMessages() {
  QMutexLocker lock(&logMutex);
  logLines.clear();
}

Tunables fastTunables() {
  Tunables t;
  t.poll_first_ms = 50;
  t.poll_reachable_ms = 500;
  t.poll_backoff_min_ms = 100;
  t.poll_backoff_max_ms = 400;
  t.poll_timeout_ms = 2000;
  t.auto_sync_retry_min_ms = 200;
  t.auto_pull_every_ms = 1000;
  t.kiosk_hold_ms = 300;
  return t;
}

Tablet::Tablet(const QString& dir, const QString& name, int width, int height, bool autoSync,
               const QString& language) {
  ensureApplication();
  FieldAppOptions options;
  options.replicaPath = dir + QLatin1Char('/') + name + QStringLiteral(".replica");
  options.autoSync = autoSync;
  options.language = language;
  options.tunables = fastTunables();
  app_ = std::make_unique<FieldApp>(options);
  if (QQuickWindow* w = window()) {
    w->resize(width, height);
    w->show();
    (void)QTest::qWaitForWindowExposed(w);
  }
}

Tablet::~Tablet() = default;

QQuickWindow* Tablet::window() const {
  return app_->window();
}

QObject* Tablet::root() const {
  const auto roots = app_->engine()->rootObjects();
  return roots.isEmpty() ? nullptr : roots.constFirst();
}

QList<QObject*> Tablet::findAll(const QString& name) const {
  QList<QObject*> all;
  QSet<QObject*> seen;
  collect(root(), all, seen);
  if (window()) collect(window()->contentItem(), all, seen);
  QList<QObject*> shown, hidden;
  for (QObject* o : all) {
    if (o->objectName() != name) continue;
    (visible(o) ? shown : hidden).append(o);
  }
  return shown + hidden;
}

QObject* Tablet::find(const QString& name) const {
  const auto all = findAll(name);
  return all.isEmpty() ? nullptr : all.constFirst();
}

QObject* Tablet::waitFor(const QString& name, int timeout_ms) const {
  QObject* found = nullptr;
  waitUntil(
      [&] {
        found = find(name);
        return found && visible(found);
      },
      timeout_ms);
  return found && visible(found) ? found : nullptr;
}

bool Tablet::isVisible(const QString& name) const {
  QObject* o = find(name);
  return o && visible(o);
}

void Tablet::resize(int width, int height) {
  window()->resize(width, height);
  // The QML window, its content and the current page all take the new size.
  waitUntil(
      [&] {
        (void)window()->grabWindow();
        QQuickItem* content = window()->contentItem();
        return window()->width() == width && window()->height() == height &&
               root()->property("width").toInt() == width && content &&
               qRound(content->width()) == width;
      },
      5000);
  settle(nullptr);
}

void Tablet::settle(QQuickItem* item) const {
  // Transitions (page pushes, dialogs opening) move items: wait until no StackView is
  // busy, every visible popup has finished opening, and the item stays put.
  QPointF last(-1e9, -1e9);
  waitUntil(
      [&] {
        (void)window()->grabWindow();  // polishes layouts and advances animations
        QList<QObject*> all;
        QSet<QObject*> seen;
        collect(root(), all, seen);
        collect(window()->contentItem(), all, seen);
        for (QObject* o : all) {
          if (o->inherits("QQuickStackView") && o->property("busy").toBool()) return false;
          if (o->inherits("QQuickPopup") && o->property("visible").toBool() &&
              !o->property("opened").toBool())
            return false;
        }
        if (!item) return true;
        const QPointF now = item->mapToScene(QPointF(0, 0));
        const bool still = now == last;
        last = now;
        return still;
      },
      3000);
}

void Tablet::scrollIntoView(QQuickItem* item) const {
  // Like a finger would: scroll every Flickable around the item until it shows.
  for (QQuickItem* p = item->parentItem(); p; p = p->parentItem()) {
    if (!p->inherits("QQuickFlickable")) continue;
    auto* content = p->property("contentItem").value<QQuickItem*>();
    if (!content) continue;
    const double y = item->mapToItem(content, QPointF(0, 0)).y();
    const double top = p->property("contentY").toDouble();
    const double view = p->height();
    if (y >= top && y + item->height() <= top + view) continue;
    const double max = std::max(0.0, p->property("contentHeight").toDouble() - view);
    p->setProperty("contentY", std::clamp(y - view / 3, 0.0, max));
  }
}

void Tablet::tap(QObject* object) {
  auto* item = qobject_cast<QQuickItem*>(object);
  // A finger can only tap what is on screen.
  INFO("tapping " << (object ? object->objectName().toStdString() : std::string("nothing")));
  CHECK((item && item->isVisible()));
  if (!item || !item->isVisible()) return;
  settle(item);
  scrollIntoView(item);
  settle(item);
  const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
  QTest::mouseClick(window(), Qt::LeftButton, Qt::NoModifier, centre.toPoint());
  QCoreApplication::processEvents();
}

void Tablet::tap(const QString& name) {
  tap(waitFor(name));
}

void Tablet::enterPin(const QString& digits) {
  for (const QChar d : digits) tap(QStringLiteral("pinKey_") + d);
  tap(QStringLiteral("pinKey_OK"));
}

bool Tablet::hold(const QString& name, const std::function<bool()>& until, int timeout_ms) {
  auto* item = qobject_cast<QQuickItem*>(waitFor(name));
  if (!item) return false;
  settle(item);
  scrollIntoView(item);
  settle(item);
  const QPoint centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
  QTest::mousePress(window(), Qt::LeftButton, Qt::NoModifier, centre);
  const bool ok = waitUntil(until, timeout_ms);
  QTest::mouseRelease(window(), Qt::LeftButton, Qt::NoModifier, centre);
  return ok;
}

void Tablet::setText(const QString& name, const QString& text) {
  if (QObject* o = waitFor(name)) o->setProperty("text", text);
}

QString Tablet::text(const QString& name) const {
  QObject* o = find(name);
  return o ? o->property("text").toString() : QString();
}

void Tablet::choose(const QString& name, const QString& code) {
  if (QObject* o = waitFor(name)) o->setProperty("value", code);
}

bool Tablet::pick(const QString& name, const QString& code) {
  tap(name);
  const QString option = name + QLatin1Char('_') + code;
  QObject* item = waitFor(option);
  INFO("option " << option.toStdString() << " of the open list");
  CHECK(item);
  if (!item) return false;
  tap(item);
  QObject* field = find(name);
  // The list closes and the field shows the choice.
  return waitUntil([&] {
    return field && field->property("value").toString() == code &&
           !field->property("down").toBool() && !isVisible(option);
  });
}

QVariant Tablet::call(const QString& name, const char* method, const QVariantList& args) {
  QObject* o = find(name);
  if (!o) return {};
  QVariant ret;
  QGenericArgument a[4];
  QList<QVariant> copy = args;
  for (int i = 0; i < copy.size() && i < 4; ++i) a[i] = Q_ARG(QVariant, copy[i]);
  QMetaObject::invokeMethod(o, method, Q_RETURN_ARG(QVariant, ret), a[0], a[1], a[2], a[3]);
  return ret;
}

QStringList Tablet::visibleTexts() const {
  QList<QObject*> all;
  QSet<QObject*> seen;
  collect(window()->contentItem(), all, seen);
  QStringList out;
  for (QObject* o : all) {
    auto* item = qobject_cast<QQuickItem*>(o);
    if (!item || !item->isVisible()) continue;
    if (!o->inherits("QQuickText") && !o->inherits("QQuickTextInput") &&
        !o->inherits("QQuickTextEdit"))
      continue;
    const QString t = o->property("text").toString();
    if (!t.isEmpty()) out.append(t);
  }
  return out;
}

namespace {

// "nearestNamedAncestor › objectName" so that a label without a name can be found.
QString describe(QQuickItem* item) {
  QString where;
  for (QQuickItem* p = item->parentItem(); p; p = p->parentItem()) {
    // A popup's item is unnamed: the popup (its QObject parent) carries the name.
    const QString name = !p->objectName().isEmpty()                      ? p->objectName()
                         : p->inherits("QQuickPopupItem") && p->parent() ? p->parent()->objectName()
                                                                         : QString();
    if (!name.isEmpty()) {
      where = name + QStringLiteral(" › ");
      break;
    }
  }
  return where + (item->objectName().isEmpty() ? QStringLiteral("(label)") : item->objectName());
}

}  // namespace

QStringList Tablet::clippedTexts() const {
  settle(nullptr);
  QList<QObject*> all;
  QSet<QObject*> seen;
  collect(window()->contentItem(), all, seen);
  const QRectF windowRect(0, 0, window()->width(), window()->height());
  constexpr double kSlack = 1.0;
  QStringList out;
  for (QObject* o : all) {
    auto* item = qobject_cast<QQuickItem*>(o);
    if (!item || !item->isVisible() || !o->inherits("QQuickText")) continue;
    const QString t = o->property("text").toString();
    if (t.trimmed().isEmpty() || item->width() <= 0) continue;
    const bool wraps = o->property("wrapMode").toInt() != 0;
    const bool elides = o->property("elide").toInt() != 3;  // Text.ElideNone == 3
    const bool truncated = o->property("truncated").toBool();
    const double contentHeight = o->property("contentHeight").toDouble();
    const QString who = describe(item) + QStringLiteral(": ") + t;
    // 1. Cut on the right: a single line wider than its item.
    if (!wraps && !elides && item->implicitWidth() > item->width() + kSlack) {
      out.append(
          who +
          QStringLiteral(" [needs %1 px, has %2]").arg(item->implicitWidth()).arg(item->width()));
      continue;
    }
    // 2. Elided ("…") or past its maximum line count, named or not.
    if (truncated) {
      out.append(who + QStringLiteral(" [elided]"));
      continue;
    }
    // 3. Cut at the bottom: more lines than the height its layout gave it.
    if (contentHeight > item->height() + kSlack) {
      out.append(who + QStringLiteral(" [cut at the bottom: needs %1 px, has %2]")
                           .arg(contentHeight)
                           .arg(item->height()));
      continue;
    }
    // 4. Outside what shows: a clipping ancestor or the window. Inside a Flickable
    //    (lists, scroll views) the finger scrolls it into view, so only the
    //    ancestors below the Flickable count.
    const QRectF box = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    bool scrollable = false;
    QString cutBy;
    for (QQuickItem* p = item->parentItem(); p; p = p->parentItem()) {
      if (p->inherits("QQuickFlickable")) {
        scrollable = true;
        break;
      }
      if (!p->clip()) continue;
      const QRectF shown = p->mapRectToScene(QRectF(0, 0, p->width(), p->height()));
      if (!shown.adjusted(-kSlack, -kSlack, kSlack, kSlack).contains(box)) {
        cutBy = p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className())
                                          : p->objectName();
        break;
      }
    }
    if (cutBy.isEmpty() && !scrollable &&
        !windowRect.adjusted(-kSlack, -kSlack, kSlack, kSlack).contains(box))
      cutBy = QStringLiteral("the window");
    if (!cutBy.isEmpty())
      out.append(who + QStringLiteral(" [cut by %1: at %2,%3 %4x%5]")
                           .arg(cutBy)
                           .arg(box.x())
                           .arg(box.y())
                           .arg(box.width())
                           .arg(box.height()));
  }
  return out;
}

void checkScreen(Tablet& t, const QString& name) {
  const int w = t.window()->width();
  const int h = t.window()->height();
  for (const QSize size : {QSize(1280, 800), QSize(800, 1280)}) {
    t.resize(size.width(), size.height());
    const QString path = t.screenshot(name);
    CHECK(QFile::exists(path));
    const QStringList clipped = t.clippedTexts();
    INFO("screen " << name.toStdString() << " at " << size.width() << "x" << size.height() << ": "
                   << clipped.join(QStringLiteral(" | ")).toStdString());
    CHECK(clipped.isEmpty());
  }
  t.resize(w, h);
}

QString Tablet::screenshot(const QString& name) {
  settle(nullptr);
  // Animations (tab indicator, ripples) finish when two frames in a row are the same.
  QImage image = window()->grabWindow();
  waitUntil(
      [&] {
        QImage next = window()->grabWindow();
        const bool same = next == image;
        image = std::move(next);
        return same;
      },
      3000);
  const QString path = QStringLiteral("%1/%2_%3x%4.png")
                           .arg(screenshotDir(), name)
                           .arg(window()->width())
                           .arg(window()->height());
  image.save(path);
  return path;
}

}  // namespace terrain::field::test
