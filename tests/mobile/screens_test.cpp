// Every main screen of terrain-field, driven like a facilitator would, with realistic
// French data, offscreen, in landscape (1280x800) and portrait (800x1280): screenshots
// under <build>/screenshots/mobile, and no clipped text on any of them.
// No server is needed here: everything is captured offline.
#include <QDir>
#include <QQuickItem>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

#include "terrain_replica.h"
#include "ui_driver.h"

using terrain::field::test::Tablet;
using terrain::field::test::waitUntil;

namespace {

struct Person {
  const char* name;
  const char* actor;
  const char* organisation;
  const char* department;
  bool consent;
};

const Person kPeople[] = {
    {"Camille Martin", "ars", "ARS Bretagne", "35", true},
    {"Yannick Le Gall", "cd", "Conseil départemental du Finistère", "29", true},
    {"Sophie Kerbrat", "mdph", "MDPH des Côtes-d'Armor", "22", true},
    {"", "personne", "Association APF France handicap", "56", false},
    {"Jean-Marc Tanguy", "representant", "CDCA d'Ille-et-Vilaine", "35", true},
    {"Nathalie Morvan", "operateur", "EHPAD Les Ajoncs, Quimper", "29", true},
};

void checkNothingClipped(Tablet& t, const QString& screen) {
  const QStringList clipped = t.clippedTexts();
  INFO("screen " << screen.toStdString() << ": "
                 << clipped.join(QStringLiteral(" | ")).toStdString());
  CHECK(clipped.isEmpty());
}

void shoot(Tablet& t, const QString& name) {
  const QString path = t.screenshot(name);
  CHECK(QFile::exists(path));
  checkNothingClipped(t, name);
}

void createMeetingThroughTheDialog(Tablet& t) {
  t.tap("newMeetingButton");
  REQUIRE(t.waitFor("meetingTitleField"));
  t.setText("meetingTitleField", "Rencontre territoriale de l'autonomie — Bretagne 2024");
  t.choose("meetingTypeField", "rencontre_territoriale");
  t.choose("meetingFormatField", "presentiel");
  t.setText("meetingDateField", "13/06/2024");
  t.setText("meetingTimeField", "09:30");
  t.choose("meetingRegionField", "53");
  t.tap("department_29");
  t.tap("department_35");
  t.setText("meetingVenueField", "Hôtel de Région, Rennes");
}

void checkIn(Tablet& t, const Person& p) {
  if (!t.isVisible("participantNameField")) {
    t.tap("checkInButton");
    REQUIRE(t.waitFor("participantNameField"));
  }
  if (p.consent) {
    t.tap("participantConsent");
    t.setText("participantNameField", QString::fromUtf8(p.name));
  }
  t.choose("participantActorType", QString::fromUtf8(p.actor));
  t.setText("participantOrganisation", QString::fromUtf8(p.organisation));
  t.choose("participantDepartment", QString::fromUtf8(p.department));
}

}  // namespace

TEST_CASE("Every main screen renders with French data at tablet sizes without clipped text",
          "[mobile][screens]") {
  QTemporaryDir dir;
  REQUIRE(dir.isValid());
  Tablet t(dir.path(), QStringLiteral("screens"), 1280, 800);
  REQUIRE(t.window());
  auto* replica = t.app().replica();

  // Enrolment, empty then with an error (nothing listens on port 9 of this host).
  REQUIRE(t.waitFor("enrolmentPage"));
  t.screenshot(QStringLiteral("01_enrolment"));
  checkNothingClipped(t, QStringLiteral("enrolment"));
  t.setText("serverField", "http://127.0.0.1:9");
  t.setText("codeField", "RT24-BZH-7Q4K");
  t.tap("enrolButton");
  REQUIRE(waitUntil([&] { return t.isVisible("enrolmentError"); }));
  CHECK(t.text("errorTitle") == "Le serveur est injoignable.");
  CHECK(t.text("errorCode") == "Code : network");
  shoot(t, QStringLiteral("02_enrolment_error"));

  // Meetings: create one offline through the dialog.
  QMetaObject::invokeMethod(t.root(), "showMeetings");
  REQUIRE(t.waitFor("meetingsPage"));
  shoot(t, QStringLiteral("03_meetings_empty"));
  createMeetingThroughTheDialog(t);
  shoot(t, QStringLiteral("04_meeting_dialog"));
  t.tap("meetingSave");
  REQUIRE(t.waitFor("meetingPage"));
  const QVariantList meetings = replica->query(QStringLiteral("meeting"));
  REQUIRE(meetings.size() == 1);
  const QVariantMap meeting = meetings.first().toMap();
  CHECK(meeting.value("region").toString() == "53");
  CHECK(meeting.value("departments").toStringList() == QStringList({"29", "35"}));
  CHECK(meeting.value("starts_at").toString().startsWith("2024-06-13T09:30:00"));

  // A second meeting so the list looks like a real week.
  replica->create(QStringLiteral("meeting"), {{"type", "webinaire"},
                                              {"format", "distanciel"},
                                              {"title", "Webinaire des directeurs de MDPH — juin"},
                                              {"starts_at", "2024-06-20T14:00:00+02:00"},
                                              {"status", "en_cours"}});

  // Attendance: six check-ins, one without consent (no name kept).
  REQUIRE(t.waitFor("attendanceTab"));
  checkIn(t, kPeople[0]);
  shoot(t, QStringLiteral("05_check_in_dialog"));
  t.tap("participantSaveNext");
  for (int i = 1; i < 6; ++i) {
    checkIn(t, kPeople[i]);
    t.tap(i == 5 ? "participantSave" : "participantSaveNext");
  }
  REQUIRE(waitUntil([&] { return !t.isVisible("participantDialog"); }));
  CHECK(t.text("attendanceCount") == "6 présents");
  shoot(t, QStringLiteral("06_attendance"));
  t.setText("attendanceSearch", "mar");
  REQUIRE(waitUntil(
      [&] { return t.findAll("participant_1").size() > 0 && !t.isVisible("participant_2"); }));
  shoot(t, QStringLiteral("07_attendance_search"));
  t.setText("attendanceSearch", "");

  // Head count.
  t.tap("tabHeadcount");
  t.tap("headcountCreate");
  REQUIRE(t.waitFor("headcountPlus_0"));
  for (int i = 0; i < 12; ++i) t.tap("headcountPlus_0");
  t.tap("headcountConcernedPlus_0");
  t.tap("headcountConcernedPlus_0");
  REQUIRE(waitUntil([&] { return t.text("headcountTotal_0") == "12"; }));
  shoot(t, QStringLiteral("08_headcount"));

  // Contributions.
  t.tap("tabContributions");
  t.setText("contributionText",
            "Créer un guichet commun MDPH–CD pour les demandes de compensation, avec un "
            "suivi partagé des dossiers.");
  t.tap("principle_simplifier");
  t.tap("principle_coordonner_nos_actions");
  t.tap("value_partenariat");
  t.tap("priority_2");
  t.tap("contributionSave");
  REQUIRE(waitUntil([&] { return t.text("contributionsCount") == "1 contribution"; }));
  t.setText("contributionText",
            "Associer les personnes concernées dès la préparation des rencontres "
            "territoriales, et pas seulement le jour même.");
  t.tap("principle_mieux_se_connaitre");
  t.tap("priority_3");
  t.tap("contributionSave");
  REQUIRE(waitUntil([&] { return t.text("contributionsCount") == "2 contributions"; }));
  shoot(t, QStringLiteral("09_contributions"));

  // Feedback: facilitator's view, kiosk form, locked thank-you screen.
  t.tap("tabFeedback");
  shoot(t, QStringLiteral("10_feedback"));
  t.tap("kioskStart");
  for (const char* key : {"pinKey_2", "pinKey_4", "pinKey_6", "pinKey_8", "pinKey_OK"}) t.tap(key);
  for (const char* key : {"pinKey_2", "pinKey_4", "pinKey_6", "pinKey_8", "pinKey_OK"}) t.tap(key);
  REQUIRE(t.waitFor("kioskSubmit"));
  CHECK_FALSE(t.isVisible("toolbar"));
  t.tap("answer_satisfaction_globale_tres_satisfait");
  t.tap("answer_utilite_utile");
  shoot(t, QStringLiteral("11_kiosk_form"));
  t.tap("kioskSubmit");
  CHECK(t.isVisible("kioskMissing"));  // participer_a_nouveau is required
  t.tap("answer_participer_a_nouveau_yes");
  t.tap("kioskSubmit");
  REQUIRE(t.waitFor("kioskThanks"));
  shoot(t, QStringLiteral("12_kiosk_thanks"));
  REQUIRE(t.hold("kioskHoldArea", [&] { return t.isVisible("kioskUnlockPin"); }));
  for (const char* key : {"pinKey_2", "pinKey_4", "pinKey_6", "pinKey_8", "pinKey_OK"}) t.tap(key);
  REQUIRE(t.waitFor("kioskExit"));
  t.tap("kioskExit");
  REQUIRE(t.waitFor("feedbackCount"));
  CHECK(t.text("feedbackCount") == "1 réponse recueillie");

  // Sync screen, offline: pending change sets listed.
  t.tap("tabAttendance");
  QMetaObject::invokeMethod(t.root(), "openSync");
  REQUIRE(t.waitFor("syncPage"));
  CHECK(replica->waitingChangeSets() > 0);
  CHECK(t.text("syncPendingCount").endsWith("en attente"));
  CHECK(t.isVisible("outbox_0"));
  shoot(t, QStringLiteral("13_sync"));

  // Portrait: the same screens at 800x1280.
  t.resize(800, 1280);
  shoot(t, QStringLiteral("13_sync"));
  t.tap("backButton");
  REQUIRE(t.waitFor("meetingPage"));
  shoot(t, QStringLiteral("06_attendance"));
  t.tap("tabHeadcount");
  shoot(t, QStringLiteral("08_headcount"));
  t.tap("tabContributions");
  shoot(t, QStringLiteral("09_contributions"));
  t.tap("tabFeedback");
  shoot(t, QStringLiteral("10_feedback"));
  t.tap("tabAttendance");
  t.tap("participant_0");
  REQUIRE(t.waitFor("participantDialog"));
  shoot(t, QStringLiteral("05_participant_edit"));
  t.tap("participantCancel");
  t.tap("backButton");
  REQUIRE(t.waitFor("meetingsPage"));
  shoot(t, QStringLiteral("03_meetings"));
  t.resize(1280, 800);
  shoot(t, QStringLiteral("03_meetings"));

  // English is available.
  t.tap("languageButton");
  REQUIRE(waitUntil([&] { return t.text("meetingsCount") == "2 meetings"; }));
  shoot(t, QStringLiteral("14_meetings_english"));
}
