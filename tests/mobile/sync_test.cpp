// terrain-field end to end with a real terrain-server (child process on 127.0.0.1,
// free port): enrolment, check-ins with no server running, automatic sync when the
// server comes back, a second tablet at the same meeting, head counts from two
// tablets adding up, the sync progress bar, kiosk feedback from two participants and
// the facilitator marking the meeting held, read back from the server's own report
// endpoints (figures as docs/reports.md defines them), the evaluator's grid, and a
// tablet whose clock is three days off told that it was corrected, not refused.
#include <QFile>
#include <QJSValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <catch2/catch.hpp>

#include "language.h"
#include "terrain_replica.h"
#include "test_server.h"
#include "ui_driver.h"

using terrain::field::test::checkScreen;
using terrain::field::test::clearLoggedMessages;
using terrain::field::test::loggedMessages;
using terrain::field::test::Tablet;
using terrain::field::test::TestServer;
using terrain::field::test::waitUntil;

namespace {

const char* const kCycle = "Rencontres territoriales 2024";

void enrol(Tablet& t, const QString& url, const QString& code) {
  REQUIRE(t.waitFor("enrolmentPage"));
  t.setText("serverField", url);
  t.setText("codeField", code);
  t.tap("enrolButton");
  INFO("enrolment error: " << t.text("errorTitle").toStdString());
  REQUIRE(waitUntil([&] { return t.isVisible("enrolmentSuccess"); }, 30000));
}

// Taps "Synchroniser maintenant" on the sync screen and waits for the outcome.
bool syncNow(Tablet& t) {
  auto* replica = t.app().replica();
  if (!t.isVisible("syncPage")) QMetaObject::invokeMethod(t.root(), "openSync");
  REQUIRE(t.waitFor("syncNow"));
  REQUIRE(waitUntil([&] { return !replica->syncing(); }, 30000));
  t.tap("syncNow");
  REQUIRE(waitUntil([&] { return !replica->syncing(); }, 60000));
  return replica->syncError().isEmpty();
}

void backToMeetings(Tablet& t) {
  while (!t.isVisible("meetingsPage") && t.isVisible("backButton")) t.tap("backButton");
  REQUIRE(t.waitFor("meetingsPage"));
}

void openFirstMeeting(Tablet& t) {
  backToMeetings(t);
  t.tap("meetingCard_0");
  REQUIRE(t.waitFor("meetingPage"));
}

void checkIn(Tablet& t, const QString& name, const QString& actor, const QString& org) {
  t.tap("checkInButton");
  REQUIRE(t.waitFor("participantNameField"));
  t.tap("participantConsent");
  t.setText("participantNameField", name);
  t.choose("participantActorType", actor);
  t.setText("participantOrganisation", org);
  t.tap("participantSave");
  REQUIRE(waitUntil([&] { return !t.isVisible("participantDialog"); }));
}

// What the sync screen's progress bar shows while a sync runs: every value it takes
// while visible, and the phase written under it. Read on each progress signal of the
// replica (the bar's binding has already taken the new value then).
struct ProgressWatch {
  QList<double> values;
  QStringList phases;
  bool shown = false;
  QString shot;  // a screenshot taken while the bar is part way
  QList<QMetaObject::Connection> connections;

  explicit ProgressWatch(Tablet& t) {
    auto* bar = qobject_cast<QQuickItem*>(t.find(QStringLiteral("syncProgress")));
    QObject* phase = t.find(QStringLiteral("syncPhase"));
    REQUIRE(bar);
    REQUIRE(phase);
    CHECK_FALSE(bar->isVisible());  // hidden when no sync runs
    QQuickWindow* window = t.window();
    auto record = [this, bar, phase, window] {
      if (!bar->isVisible()) return;
      shown = true;
      const double v = bar->property("value").toDouble();
      if (values.isEmpty() || values.last() != v) values.append(v);
      const QString p = phase->property("text").toString();
      if (!p.isEmpty() && (phases.isEmpty() || phases.last() != p)) phases.append(p);
      if (shot.isEmpty() && v > 0.0 && v < 1.0) {
        // What the facilitator sees mid-sync (rendered now, while the sync runs).
        shot = QStringLiteral("%1/30_sync_in_progress_%2x%3.png")
                   .arg(terrain::field::test::screenshotDir())
                   .arg(window->width())
                   .arg(window->height());
        window->grabWindow().save(shot);
      }
    };
    connections << QObject::connect(bar, &QQuickItem::visibleChanged, record);
    connections << QObject::connect(t.app().replica(),
                                    &terrain::field::TerrainReplica::syncProgressChanged, record);
  }
  ~ProgressWatch() {
    for (const auto& c : connections) QObject::disconnect(c);
  }
};

QString serverBinary() {
  return QStringLiteral(TERRAIN_SERVER_BIN);
}

// One of the server's report endpoints (docs/reports.md) for one meeting.
QJsonObject report(TestServer& server, const QString& name, const QString& meeting) {
  const QJsonDocument doc =
      server.admin("GET", QStringLiteral("/admin/reports/%1?meeting=%2").arg(name, meeting));
  INFO("report " << name.toStdString() << ": " << server.lastError().toStdString());
  CHECK(doc.isObject());
  return doc.object();
}

QJsonArray serverRecords(TestServer& server, const QString& meeting, const QString& collection) {
  const QJsonDocument doc =
      server.admin("GET", QStringLiteral("/admin/meetings/%1/records").arg(meeting));
  QJsonArray out;
  for (const auto& r : doc.object().value(QStringLiteral("records")).toArray())
    if (r.toObject().value(QStringLiteral("_collection")).toString() == collection) out.append(r);
  return out;
}

}  // namespace

TEST_CASE(
    "Check-ins made offline reach a second tablet after the server comes back, head counts "
    "add up, conflicts show both values, and kiosk feedback and the meeting held reach the "
    "server's reports",
    "[mobile][sync]") {
  QTemporaryDir dir;
  REQUIRE(dir.isValid());
  TestServer server(serverBinary(), dir.filePath(QStringLiteral("server")));
  QDir().mkpath(dir.filePath(QStringLiteral("server")));
  INFO("server: " << server.lastError().toStdString());
  REQUIRE(server.start());
  const QJsonObject scope{{"cycle", kCycle}};
  const QString codeA = server.enrolmentCode(QStringLiteral("facilitator"), scope);
  const QString codeB = server.enrolmentCode(QStringLiteral("facilitator"), scope);
  REQUIRE_FALSE(codeA.isEmpty());
  REQUIRE_FALSE(codeB.isEmpty());
  clearLoggedMessages();

  // Tablet A enrols, then the server goes away.
  Tablet a(dir.path(), QStringLiteral("tablet-a"), 1280, 800, /*autoSync=*/true);
  enrol(a, server.url(), codeA);
  CHECK(a.text("enrolledRole") == "Animateur");
  CHECK(a.text("enrolledScope").contains(QString::fromUtf8(kCycle)));
  checkScreen(a, QStringLiteral("20_enrolment_success"));
  a.tap("enrolmentContinue");
  REQUIRE(a.waitFor("meetingsPage"));
  server.stop();

  // Offline: a meeting, three check-ins, a head count.
  a.tap("newMeetingButton");
  a.setText("meetingTitleField", "Rencontre territoriale — Pays de la Loire");
  a.choose("meetingRegionField", "52");
  a.tap("department_44");
  a.tap("meetingSave");
  REQUIRE(a.waitFor("meetingPage"));
  checkIn(a, "Camille Martin", "ars", "ARS Pays de la Loire");
  checkIn(a, "Yannick Le Gall", "cd", "Conseil départemental de Loire-Atlantique");
  checkIn(a, "Sophie Kerbrat", "mdph", "MDPH de Loire-Atlantique");
  CHECK(a.text("attendanceCount") == "3 présents");
  a.tap("tabHeadcount");
  a.tap("headcountCreate");
  for (int i = 0; i < 5; ++i) a.tap("headcountPlus_0");
  REQUIRE(waitUntil([&] { return a.text("headcountTotal_0") == "5"; }));
  auto* ra = a.app().replica();
  CHECK(ra->waitingChangeSets() > 0);
  const QString meetingId =
      ra->query(QStringLiteral("meeting")).first().toMap().value("_id").toString();

  // A sync attempt while the server is down says so in French, and loses nothing.
  CHECK_FALSE(syncNow(a));
  CHECK(a.text("errorTitle") == "Le serveur est injoignable.");
  checkScreen(a, QStringLiteral("21_sync_server_unreachable"));
  CHECK(ra->waitingChangeSets() > 0);

  // The server comes back on the same address: tablet A syncs by itself.
  REQUIRE(server.start());
  REQUIRE(waitUntil(
      [&] { return ra->serverReachable() && ra->waitingChangeSets() == 0 && !ra->syncing(); },
      60000));
  CHECK(ra->syncError().isEmpty());
  CHECK(waitUntil([&] { return a.isVisible("outboxEmpty"); }));
  checkScreen(a, QStringLiteral("22_sync_done"));
  CHECK(serverRecords(server, meetingId, QStringLiteral("attendance")).size() == 3);

  // Tablet B, same cycle, sees the meeting and the three people after its first sync.
  Tablet b(dir.path(), QStringLiteral("tablet-b"), 800, 1280, /*autoSync=*/false);
  // A code already used is refused with the French explanation.
  REQUIRE(b.waitFor("enrolmentPage"));
  b.setText("serverField", server.url());
  b.setText("codeField", codeA);
  b.tap("enrolButton");
  REQUIRE(waitUntil([&] { return b.isVisible("enrolmentError"); }, 30000));
  CHECK(b.text("errorCode") == "Code : enrolment_code_used");
  CHECK(b.text("errorTitle").startsWith("Ce code d'inscription a déjà servi"));
  b.screenshot(QStringLiteral("26_enrolment_code_used"));
  enrol(b, server.url(), codeB);
  b.tap("enrolmentContinue");
  REQUIRE(syncNow(b));
  openFirstMeeting(b);
  REQUIRE(waitUntil([&] { return b.text("attendanceCount") == "3 présents"; }));
  const QStringList shownOnB = b.visibleTexts();
  CHECK(shownOnB.contains(QStringLiteral("Camille Martin")));
  b.screenshot(QStringLiteral("23_second_tablet_attendance"));

  // Head counts from two doors add up.
  b.tap("tabHeadcount");
  for (int i = 0; i < 4; ++i) b.tap("headcountPlus_0");
  REQUIRE(waitUntil([&] { return b.text("headcountTotal_0") == "9"; }));
  {
    // The progress bar shows during the sync and only moves forward, phase by phase.
    QMetaObject::invokeMethod(b.root(), "openSync");
    REQUIRE(b.waitFor("syncNow"));
    ProgressWatch watch(b);
    REQUIRE(syncNow(b));
    INFO("progress values seen: " << watch.values.size());
    CHECK(watch.shown);
    REQUIRE(watch.values.size() >= 3);
    CHECK(watch.values.first() == 0.0);
    CHECK(std::is_sorted(watch.values.begin(), watch.values.end()));
    CHECK(std::any_of(watch.values.begin(), watch.values.end(),
                      [](double v) { return v > 0.0 && v < 1.0; }));
    CHECK(watch.values.last() <= 1.0);
    CHECK(watch.phases.contains(QStringLiteral("Envoi au serveur…")));
    CHECK(watch.phases.contains(QStringLiteral("Réception des mises à jour…")));
    CHECK(QFile::exists(watch.shot));
    CHECK_FALSE(b.isVisible("syncProgress"));  // gone once the sync is over
    CHECK(b.find("syncProgress")->property("value").toDouble() == 1.0);
  }
  REQUIRE(syncNow(a));
  openFirstMeeting(a);
  a.tap("tabHeadcount");
  REQUIRE(waitUntil([&] { return a.text("headcountTotal_0") == "9"; }));
  a.screenshot(QStringLiteral("24_headcount_two_tablets"));
  // One more at B's door: A's open head count screen follows by itself (auto-sync pulls).
  b.tap("backButton");
  REQUIRE(b.waitFor("headcountPlus_0"));
  b.tap("headcountPlus_0");
  REQUIRE(waitUntil([&] { return b.text("headcountTotal_0") == "10"; }));
  REQUIRE(syncNow(b));
  CHECK(waitUntil([&] { return a.text("headcountTotal_0") == "10"; }, 30000));

  // Both tablets change the same participant's organisation before seeing each other's
  // change: the sync screen shows both values side by side, and one tap resolves it.
  a.tap("tabAttendance");
  a.setText("attendanceSearch", "Camille");
  REQUIRE(waitUntil([&] { return a.isVisible("participant_0") && !a.isVisible("participant_1"); }));
  a.tap("participant_0");
  a.setText("participantOrganisation", "ARS Pays de la Loire, délégation 44");
  a.tap("participantSave");
  REQUIRE(waitUntil([&] { return !a.isVisible("participantDialog"); }));
  REQUIRE(waitUntil([&] { return ra->waitingChangeSets() == 0 && !ra->syncing(); }, 30000));
  b.tap("backButton");
  b.tap("tabAttendance");
  b.setText("attendanceSearch", "Camille");
  REQUIRE(waitUntil([&] { return b.isVisible("participant_0") && !b.isVisible("participant_1"); }));
  b.tap("participant_0");
  b.setText("participantOrganisation", "Agence régionale de santé des Pays de la Loire");
  b.tap("participantSave");
  REQUIRE(waitUntil([&] { return !b.isVisible("participantDialog"); }));
  auto* rb = b.app().replica();
  REQUIRE(syncNow(b));
  REQUIRE(waitUntil([&] { return rb->conflictCount() > 0; }, 10000));
  REQUIRE(b.waitFor("conflict_0"));
  const QStringList sides = {b.text("conflictValue_winner"), b.text("conflictValue_loser")};
  CHECK(sides.contains(QStringLiteral("ARS Pays de la Loire, délégation 44")));
  CHECK(sides.contains(QStringLiteral("Agence régionale de santé des Pays de la Loire")));
  checkScreen(b, QStringLiteral("27_conflict"));
  b.tap("conflictKeep_loser");
  REQUIRE(waitUntil([&] { return rb->conflictCount() == 0; }, 10000));
  REQUIRE(syncNow(b));
  CHECK(b.text("conflictsTitle") == "Aucun conflit");
  a.setText("attendanceSearch", "");

  // A participant fills the satisfaction form in kiosk mode on A; it reaches the server.
  a.tap("tabFeedback");
  a.tap("kioskStart");
  for (int round = 0; round < 2; ++round) a.enterPin(QStringLiteral("1973"));
  REQUIRE(a.waitFor("kioskSubmit"));
  a.tap("answer_satisfaction_globale_satisfait");
  a.tap("answer_atelier_atelier_2");
  a.tap("answer_satisfaction_atelier_tres_satisfait");
  a.tap("answer_participer_a_nouveau_yes");
  a.tap("kioskSubmit");
  REQUIRE(a.waitFor("kioskThanks"));
  // The thank-you screen stays locked: a wrong PIN does not unlock it.
  REQUIRE(a.hold("kioskHoldArea", [&] { return a.isVisible("kioskUnlockPin"); }));
  a.enterPin(QStringLiteral("0000"));
  CHECK(a.text("pinError") == "Code incorrect.");
  CHECK_FALSE(a.isVisible("kioskExit"));
  a.enterPin(QStringLiteral("1973"));
  // The next participant gets a fresh form: one answer set per person.
  REQUIRE(a.waitFor("kioskNext"));
  a.tap("kioskNext");
  REQUIRE(a.waitFor("kioskSubmit"));
  a.tap("answer_satisfaction_globale_peu_satisfait");
  a.tap("answer_participer_a_nouveau_no");
  a.tap("kioskSubmit");
  REQUIRE(a.waitFor("kioskThanks"));
  REQUIRE(a.hold("kioskHoldArea", [&] { return a.isVisible("kioskUnlockPin"); }));
  a.enterPin(QStringLiteral("1973"));
  REQUIRE(a.waitFor("kioskExit"));
  a.tap("kioskExit");
  REQUIRE(a.waitFor("toolbar"));
  CHECK(a.text("feedbackCount") == "2 réponses recueillies");
  REQUIRE(syncNow(a));
  const QJsonArray feedback = serverRecords(server, meetingId, QStringLiteral("feedback_response"));
  REQUIRE(feedback.size() == 2);
  QJsonObject answers, second;
  for (const auto& f : feedback) {
    const QJsonObject r = f.toObject().value(QStringLiteral("answers")).toObject();
    (r.value(QStringLiteral("satisfaction_globale")).toString() == "satisfait" ? answers : second) =
        r;
  }
  CHECK(answers.value(QStringLiteral("satisfaction_globale")).toString() == "satisfait");
  CHECK(answers.value(QStringLiteral("satisfaction_atelier")).toString() == "tres_satisfait");
  CHECK(answers.value(QStringLiteral("participer_a_nouveau")).toBool());
  CHECK(second.value(QStringLiteral("satisfaction_globale")).toString() == "peu_satisfait");
  CHECK_FALSE(second.contains(QStringLiteral("satisfaction_atelier")));
  CHECK_FALSE(second.value(QStringLiteral("participer_a_nouveau")).toBool(true));

  // Until the facilitator says the meeting took place, the reports count it as planned.
  {
    const QJsonObject summary = report(server, QStringLiteral("summary"), meetingId);
    const QJsonObject meetings = summary.value(QStringLiteral("meetings")).toObject();
    CHECK(meetings.value(QStringLiteral("held")).toInt(-1) == 0);
    CHECK(meetings.value(QStringLiteral("planned")).toInt(-1) == 1);
  }

  // The facilitator starts, then closes the meeting from its header, and syncs.
  openFirstMeeting(a);
  REQUIRE(a.waitFor("meetingStatusLabel"));
  CHECK(a.text("meetingStatusLabel") == "Planifiée");
  a.tap("meetingStart");
  REQUIRE(waitUntil([&] { return a.text("meetingStatusLabel") == "En cours"; }));
  checkScreen(a, QStringLiteral("28_meeting_in_progress"));
  a.tap("meetingClose");
  REQUIRE(waitUntil([&] { return a.text("meetingStatusLabel") == "Terminée"; }));
  REQUIRE(syncNow(a));
  REQUIRE(waitUntil([&] { return ra->waitingChangeSets() == 0 && !ra->syncing(); }, 30000));

  // The server's reports now say what happened in the room.
  {
    const QJsonObject satisfaction = report(server, QStringLiteral("satisfaction"), meetingId);
    const QJsonObject totals = satisfaction.value(QStringLiteral("totals")).toObject();
    INFO(QJsonDocument(totals).toJson().toStdString());
    CHECK(satisfaction.value(QStringLiteral("meetings_matched")).toInt() == 1);
    CHECK(totals.value(QStringLiteral("responses")).toInt() == 2);
    CHECK(totals.value(QStringLiteral("participants")).toInt() == 3);
    CHECK(totals.value(QStringLiteral("response_rate_percent")).toDouble() == 66.7);
    CHECK(totals.value(QStringLiteral("answered")).toInt() == 2);
    const QJsonObject satisfied = totals.value(QStringLiteral("satisfied")).toObject();
    CHECK(satisfied.value(QStringLiteral("count")).toInt() == 1);
    CHECK(satisfied.value(QStringLiteral("percent")).toDouble() == 50.0);
    CHECK(totals.value(QStringLiteral("headline")).toString() ==
          "50,0 % satisfaits ou très satisfaits");
    QMap<QString, int> levels;
    for (const auto& d : totals.value(QStringLiteral("distribution")).toArray())
      levels.insert(d.toObject().value(QStringLiteral("code")).toString(),
                    d.toObject().value(QStringLiteral("count")).toInt());
    CHECK(levels.value(QStringLiteral("tres_satisfait"), -1) == 0);
    CHECK(levels.value(QStringLiteral("satisfait"), -1) == 1);
    CHECK(levels.value(QStringLiteral("peu_satisfait"), -1) == 1);
    CHECK(levels.value(QStringLiteral("pas_du_tout_satisfait"), -1) == 0);

    const QJsonObject summary = report(server, QStringLiteral("summary"), meetingId);
    INFO(QJsonDocument(summary).toJson().toStdString());
    const QJsonObject meetings = summary.value(QStringLiteral("meetings")).toObject();
    CHECK(meetings.value(QStringLiteral("held")).toInt() == 1);
    CHECK(meetings.value(QStringLiteral("planned")).toInt(-1) == 0);
    CHECK(meetings.value(QStringLiteral("cancelled")).toInt(-1) == 0);
    CHECK(summary.value(QStringLiteral("participants"))
              .toObject()
              .value(QStringLiteral("participants"))
              .toInt() == 3);
    const QJsonObject sat = summary.value(QStringLiteral("satisfaction")).toObject();
    CHECK(sat.value(QStringLiteral("responses")).toInt() == 2);
    CHECK(sat.value(QStringLiteral("satisfied"))
              .toObject()
              .value(QStringLiteral("percent"))
              .toDouble() == 50.0);
    CHECK(summary.value(QStringLiteral("text")).toString() ==
          "1 rencontre tenue, 3 participants, 50,0 % satisfaits ou très satisfaits");
  }

  // Two facilitators disagree: B, not synced since, cancels the meeting that A closed.
  // B's sync screen shows both statuses in words, and B keeps A's: still held.
  openFirstMeeting(b);
  REQUIRE(b.waitFor("meetingStatusLabel"));
  CHECK(b.text("meetingStatusLabel") == "Planifiée");
  b.tap("meetingCancelAsk");
  REQUIRE(b.waitFor("meetingCancelConfirmed"));
  b.tap("meetingCancelConfirmed");
  REQUIRE(waitUntil([&] { return b.text("meetingStatusLabel") == "Annulée"; }));
  REQUIRE(syncNow(b));
  REQUIRE(waitUntil([&] { return rb->conflictCount() > 0; }, 10000));
  REQUIRE(b.waitFor("conflict_0"));
  const QString winner = b.text("conflictValue_winner");
  const QStringList statuses = {winner, b.text("conflictValue_loser")};
  CHECK(statuses.contains(QStringLiteral("Terminée")));
  CHECK(statuses.contains(QStringLiteral("Annulée")));
  checkScreen(b, QStringLiteral("29_conflict_status"));
  b.tap(winner == "Terminée" ? "conflictKeep_winner" : "conflictKeep_loser");
  REQUIRE(waitUntil([&] { return rb->conflictCount() == 0; }, 10000));
  REQUIRE(syncNow(b));
  {
    const QJsonObject meetings = report(server, QStringLiteral("summary"), meetingId)
                                     .value(QStringLiteral("meetings"))
                                     .toObject();
    CHECK(meetings.value(QStringLiteral("held")).toInt() == 1);
    CHECK(meetings.value(QStringLiteral("cancelled")).toInt(-1) == 0);
  }
  b.tap("backButton");
  REQUIRE(b.waitFor("meetingStatusLabel"));
  CHECK(b.text("meetingStatusLabel") == "Terminée");

  // Names never reached the logs, nor the sync screen.
  for (const QString& line : loggedMessages()) {
    INFO(line.toStdString());
    CHECK_FALSE(line.contains(QStringLiteral("Camille")));
    CHECK_FALSE(line.contains(QStringLiteral("Kerbrat")));
  }
  for (const QString& text : a.visibleTexts())
    CHECK_FALSE(text.contains(QStringLiteral("Camille")));
}

TEST_CASE("An evaluator fills the evaluation grid of a meeting defined centrally",
          "[mobile][sync][evaluation]") {
  QTemporaryDir dir;
  REQUIRE(dir.isValid());
  QDir().mkpath(dir.filePath(QStringLiteral("server")));
  TestServer server(serverBinary(), dir.filePath(QStringLiteral("server")));
  INFO("server: " << server.lastError().toStdString());
  REQUIRE(server.start());
  const QString meetingId = QUuid::createUuid().toString(QUuid::WithoutBraces);
  const QJsonObject meeting{{"type", "journee_nationale"},
                            {"format", "presentiel"},
                            {"title", "Journée nationale des évaluateurs MDPH"},
                            {"starts_at", "2024-10-08T09:30:00+02:00"},
                            {"status", "en_cours"}};
  const QJsonDocument created = server.admin(
      "POST", QStringLiteral("/admin/changes"),
      QJsonDocument(QJsonObject{
          {"meeting", meetingId},
          {"changes", QJsonArray{QJsonObject{
                          {"op", "create"}, {"collection", "meeting"}, {"fields", meeting}}}}}));
  INFO("admin: " << server.lastError().toStdString());
  REQUIRE_FALSE(created.isNull());
  const QString code = server.enrolmentCode(QStringLiteral("evaluator"),
                                            QJsonObject{{"meetings", QJsonArray{meetingId}}});
  REQUIRE_FALSE(code.isEmpty());

  Tablet t(dir.path(), QStringLiteral("evaluator"), 1280, 800, /*autoSync=*/false);
  enrol(t, server.url(), code);
  CHECK(t.text("enrolledRole") == "Évaluateur");
  CHECK(t.text("enrolledScope") == "1 rencontre désignée");
  t.tap("enrolmentContinue");
  REQUIRE(syncNow(t));
  backToMeetings(t);
  // An evaluator fills grids for meetings defined by others: no meeting creation, and
  // the meeting shows the evaluation grid only (protocol/roles.h).
  CHECK_FALSE(t.isVisible("newMeetingButton"));
  openFirstMeeting(t);
  CHECK_FALSE(t.isVisible("tabAttendance"));
  // The status shows; only facilitators change it.
  CHECK(t.text("meetingStatusLabel") == "En cours");
  CHECK_FALSE(t.isVisible("meetingStatusControls"));
  CHECK_FALSE(t.isVisible("meetingClose"));
  CHECK_FALSE(t.isVisible("tabFeedback"));
  t.tap("tabEvaluation");
  t.setText("evaluatorName", "Claire Dubois");
  t.tap("answer_objectifs_atteints_en_grande_partie");
  t.tap("answer_acteurs_representes_mdph");
  t.tap("answer_acteurs_representes_cnsa");
  t.tap("answer_participation_personnes_concernees_yes");
  t.tap("answer_modalites_participation_contribution_atelier");
  t.tap("answer_dynamique_des_echanges_satisfaisante");
  t.tap("answer_actions_de_suivi_yes");
  t.setText("answer_actions_de_suivi_detail_text",
            "Groupe de travail MDPH–CNSA sur l'harmonisation des pratiques d'évaluation.");
  t.tap("answer_recommandation_reconduire");
  checkScreen(t, QStringLiteral("25_evaluation"));
  t.tap("evaluationSave");
  INFO("evaluation problem: " << t.text("evaluationProblem").toStdString());
  REQUIRE(waitUntil([&] { return t.isVisible("evaluationSaved"); }));
  REQUIRE(syncNow(t));
  const QJsonArray evaluations = serverRecords(server, meetingId, QStringLiteral("evaluation"));
  REQUIRE(evaluations.size() == 1);
  CHECK(evaluations.first()
            .toObject()
            .value(QStringLiteral("answers"))
            .toObject()
            .value(QStringLiteral("objectifs_atteints"))
            .toString() == "en_grande_partie");
}

namespace {

// A meeting created centrally, and its id.
QString centralMeeting(TestServer& server) {
  const QString meetingId = QUuid::createUuid().toString(QUuid::WithoutBraces);
  const QJsonObject meeting{{"type", "rencontre_territoriale"},
                            {"format", "presentiel"},
                            {"title", "Rencontre territoriale — Bretagne"},
                            {"starts_at", "2024-10-08T09:30:00+02:00"},
                            {"status", "en_cours"}};
  const QJsonDocument created = server.admin(
      "POST", QStringLiteral("/admin/changes"),
      QJsonDocument(QJsonObject{
          {"meeting", meetingId},
          {"changes", QJsonArray{QJsonObject{
                          {"op", "create"}, {"collection", "meeting"}, {"fields", meeting}}}}}));
  INFO("admin: " << server.lastError().toStdString());
  REQUIRE_FALSE(created.isNull());
  return meetingId;
}

// The tablet's clock for the replicas opened while it lives (terrain.h's test hook,
// read when a replica is opened).
struct SkewedClock {
  explicit SkewedClock(qint64 ms) { qputenv("TERRAIN_TEST_CLOCK_SKEW_MS", QByteArray::number(ms)); }
  ~SkewedClock() { qunsetenv("TERRAIN_TEST_CLOCK_SKEW_MS"); }
};

constexpr qint64 kDay = 24LL * 3600 * 1000;

}  // namespace

TEST_CASE("A tablet whose clock jumped three days ahead syncs and says its clock was corrected",
          "[mobile][sync][clock]") {
  QTemporaryDir dir;
  REQUIRE(dir.isValid());
  QDir().mkpath(dir.filePath(QStringLiteral("server")));
  TestServer server(serverBinary(), dir.filePath(QStringLiteral("server")));
  INFO("server: " << server.lastError().toStdString());
  REQUIRE(server.start());
  const QString meetingId = centralMeeting(server);
  const QString code = server.enrolmentCode(QStringLiteral("facilitator"),
                                            QJsonObject{{"meetings", QJsonArray{meetingId}}});
  REQUIRE_FALSE(code.isEmpty());

  {
    // Enrolled with a right clock: no notice.
    Tablet t(dir.path(), QStringLiteral("clock"), 1280, 800, /*autoSync=*/false);
    enrol(t, server.url(), code);
    CHECK_FALSE(t.isVisible("enrolmentClockNotice"));
    t.tap("enrolmentContinue");
    REQUIRE(syncNow(t));
    CHECK_FALSE(t.isVisible("syncClockNotice"));
  }

  // The tablet's clock jumps three days ahead; a check-in is captured with it.
  SkewedClock ahead(3 * kDay);
  Tablet t(dir.path(), QStringLiteral("clock"), 1280, 800, /*autoSync=*/false);
  openFirstMeeting(t);
  checkIn(t, "Camille Martin", "ars", "ARS Bretagne");
  auto* replica = t.app().replica();
  CHECK(replica->waitingChangeSets() > 0);

  // The first sync goes through, with a notice about the clock instead of an error.
  REQUIRE(syncNow(t));
  CHECK_FALSE(t.isVisible("syncError"));
  REQUIRE(t.isVisible("syncClockNotice"));
  CHECK(t.text("clockNoticeText") ==
        "L'horloge de la tablette était en avance de 3 jours ; elle a été corrigée pour la "
        "synchronisation.");
  CHECK(replica->waitingChangeSets() == 0);
  CHECK(replica->lastSyncSummary().value(QStringLiteral("restamped")).toInt() >= 1);
  CHECK(serverRecords(server, meetingId, QStringLiteral("attendance")).size() == 1);
  checkScreen(t, QStringLiteral("31_sync_clock_corrected"));

  REQUIRE(t.app().language()->setLanguage(QStringLiteral("en")));
  REQUIRE(waitUntil([&] {
    return t.text("clockNoticeText") ==
           "The tablet's clock was 3 days ahead; it has been corrected for syncing.";
  }));
  checkScreen(t, QStringLiteral("31_sync_clock_corrected_en"));
  REQUIRE(t.app().language()->setLanguage(QStringLiteral("fr")));

  // Corrected for good: the next sync has nothing to say about the clock.
  REQUIRE(syncNow(t));
  CHECK_FALSE(t.isVisible("syncClockNotice"));
}

TEST_CASE("A tablet enrolled with a clock three days behind is told at enrolment",
          "[mobile][sync][clock]") {
  QTemporaryDir dir;
  REQUIRE(dir.isValid());
  QDir().mkpath(dir.filePath(QStringLiteral("server")));
  TestServer server(serverBinary(), dir.filePath(QStringLiteral("server")));
  INFO("server: " << server.lastError().toStdString());
  REQUIRE(server.start());
  const QString meetingId = centralMeeting(server);
  const QString code = server.enrolmentCode(QStringLiteral("facilitator"),
                                            QJsonObject{{"meetings", QJsonArray{meetingId}}});
  REQUIRE_FALSE(code.isEmpty());

  SkewedClock behind(-3 * kDay);
  Tablet t(dir.path(), QStringLiteral("late"), 800, 1280, /*autoSync=*/false);
  enrol(t, server.url(), code);
  REQUIRE(t.isVisible("enrolmentClockNotice"));
  CHECK(t.text("clockNoticeText") ==
        "L'horloge de la tablette était en retard de 3 jours ; elle a été corrigée pour la "
        "synchronisation.");
  checkScreen(t, QStringLiteral("32_enrolment_clock_corrected"));
  t.tap("enrolmentContinue");
  REQUIRE(syncNow(t));
  CHECK_FALSE(t.isVisible("syncClockNotice"));  // enrolment already corrected it
  openFirstMeeting(t);
  checkIn(t, "Louise Faure", "cd", "Conseil départemental du Finistère");
  REQUIRE(syncNow(t));
  CHECK(serverRecords(server, meetingId, QStringLiteral("attendance")).size() == 1);
}
