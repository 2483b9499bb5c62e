// Every main screen of terrain-field, driven like a facilitator would, with realistic
// French data, offscreen, in landscape (1280x800) and portrait (800x1280): screenshots
// under <build>/screenshots/mobile, and no clipped text on any of them.
// No server is needed here: everything is captured offline.
#include <QDir>
#include <QMap>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

#include "terrain_replica.h"
#include "ui_driver.h"

using terrain::field::test::checkScreen;
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

struct CheckInDetails {
  const char* role;
  const char* concerned;
};
// Role and "person concerned or representative" of each of kPeople, chosen by taps.
const CheckInDetails kDetails[] = {
    {"participant", "non"},          {"intervenant", "non"},
    {"participant", "non"},          {"participant", "personne_concernee"},
    {"participant", "representant"}, {"organisateur", "non"},
};

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

// Fills the check-in dialog like a facilitator: the consent switch, the name, the
// actor type, role and department lists opened and tapped, the person-concerned chip.
void checkIn(Tablet& t, const Person& p, const CheckInDetails& d) {
  if (!t.isVisible("participantNameField")) {
    t.tap("checkInButton");
    REQUIRE(t.waitFor("participantNameField"));
  }
  if (p.consent) {
    t.tap("participantConsent");
    t.setText("participantNameField", QString::fromUtf8(p.name));
  }
  CHECK(t.pick("participantActorType", QString::fromUtf8(p.actor)));
  t.setText("participantOrganisation", QString::fromUtf8(p.organisation));
  t.choose("participantDepartment", QString::fromUtf8(p.department));
  CHECK(t.pick("participantRole", QString::fromUtf8(d.role)));
  t.tap(QStringLiteral("concerned_") + QString::fromUtf8(d.concerned));
  CHECK(t.find("participantConcerned")->property("value").toString() ==
        QString::fromUtf8(d.concerned));
}

QVariantMap meetingRecord(terrain::field::TerrainReplica* replica) {
  for (const QVariant& m : replica->query(QStringLiteral("meeting")))
    if (m.toMap().value("type").toString() == "rencontre_territoriale") return m.toMap();
  return {};
}

void enterPin(Tablet& t) {
  t.enterPin(QStringLiteral("2468"));
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
  checkScreen(t, QStringLiteral("01_enrolment"));
  t.setText("serverField", "http://127.0.0.1:9");
  t.setText("codeField", "RT24-BZH-7Q4K");
  t.tap("enrolButton");
  REQUIRE(waitUntil([&] { return t.isVisible("enrolmentError"); }));
  CHECK(t.text("errorTitle") == "Le serveur est injoignable.");
  CHECK(t.text("errorCode") == "Code : network");
  checkScreen(t, QStringLiteral("02_enrolment_error"));

  // Meetings: create one offline through the dialog.
  QMetaObject::invokeMethod(t.root(), "showMeetings");
  REQUIRE(t.waitFor("meetingsPage"));
  checkScreen(t, QStringLiteral("03_meetings_empty"));
  createMeetingThroughTheDialog(t);
  checkScreen(t, QStringLiteral("04_meeting_dialog"));
  t.tap("meetingSave");
  REQUIRE(t.waitFor("meetingPage"));
  const QVariantList meetings = replica->query(QStringLiteral("meeting"));
  REQUIRE(meetings.size() == 1);
  const QVariantMap meeting = meetings.first().toMap();
  CHECK(meeting.value("region").toString() == "53");
  CHECK(meeting.value("departments").toStringList() == QStringList({"29", "35"}));
  CHECK(meeting.value("starts_at").toString().startsWith("2024-06-13T09:30:00"));
  CHECK(meeting.value("status").toString() == "planifiee");

  // The meeting's header: its status, and the facilitator starts it with one tap.
  CHECK(t.text("meetingStatusLabel") == "Planifiée");
  CHECK(t.isVisible("meetingStart"));
  CHECK_FALSE(t.isVisible("meetingClose"));
  checkScreen(t, QStringLiteral("15_meeting_planned"));
  t.tap("meetingStart");
  REQUIRE(waitUntil([&] { return t.text("meetingStatusLabel") == "En cours"; }));
  CHECK(meetingRecord(replica).value("status").toString() == "en_cours");
  CHECK(t.isVisible("meetingClose"));
  CHECK_FALSE(t.isVisible("meetingStart"));

  // Its details are edited through the same dialog: only what changed is written.
  t.tap("meetingEdit");
  REQUIRE(t.waitFor("meetingDialog"));
  CHECK(t.text("meetingTitleField") == "Rencontre territoriale de l'autonomie — Bretagne 2024");
  CHECK(t.text("meetingDateField") == "13/06/2024");
  CHECK(t.text("meetingVenueField") == "Hôtel de Région, Rennes");
  CHECK(t.find("meetingRegionField")->property("value").toString() == "53");
  CHECK(t.find("department_35")->property("checked").toBool());
  CHECK(t.text("meetingSave") == "Enregistrer");
  t.setText("meetingVenueField", "Couvent des Jacobins, Rennes");
  checkScreen(t, QStringLiteral("04_meeting_edit"));
  t.tap("meetingSave");
  REQUIRE(waitUntil([&] { return !t.isVisible("meetingDialog"); }));
  {
    const QVariantMap edited = meetingRecord(replica);
    CHECK(edited.value("venue").toString() == "Couvent des Jacobins, Rennes");
    CHECK(edited.value("starts_at") == meeting.value("starts_at"));
    CHECK(edited.value("departments").toStringList() == QStringList({"29", "35"}));
    CHECK(edited.value("status").toString() == "en_cours");
  }

  // A second meeting so the list looks like a real week.
  replica->create(QStringLiteral("meeting"), {{"type", "webinaire"},
                                              {"format", "distanciel"},
                                              {"title", "Webinaire des directeurs de MDPH — juin"},
                                              {"starts_at", "2024-06-20T14:00:00+02:00"},
                                              {"status", "en_cours"}});

  // Attendance: six check-ins, one without consent (no name kept), each with its role
  // and whether the person is concerned or represents people concerned.
  REQUIRE(t.waitFor("attendanceTab"));
  for (int i = 0; i < 6; ++i) {
    checkIn(t, kPeople[i], kDetails[i]);
    // Sophie Kerbrat's actor type is the longest label: shown whole in both orientations.
    if (i == 2) {
      CHECK(t.find("participantActorType")->property("displayText").toString() ==
            "Maison départementale des personnes handicapées (MDPH)");
      checkScreen(t, QStringLiteral("05_check_in_dialog"));
    }
    t.tap(i == 5 ? "participantSave" : "participantSaveNext");
  }
  REQUIRE(waitUntil([&] { return !t.isVisible("participantDialog"); }));
  CHECK(t.text("attendanceCount") == "6 présents");
  {
    QMap<QString, QVariantMap> byOrganisation;
    for (const QVariant& v : replica->query(QStringLiteral("attendance")))
      byOrganisation.insert(v.toMap().value("organisation").toString(), v.toMap());
    for (int i = 0; i < 6; ++i) {
      const QVariantMap r = byOrganisation.value(QString::fromUtf8(kPeople[i].organisation));
      INFO("check-in " << i);
      CHECK(r.value("actor_type").toString() == QString::fromUtf8(kPeople[i].actor));
      CHECK(r.value("role").toString() == QString::fromUtf8(kDetails[i].role));
      CHECK(r.value("people_concerned").toString() == QString::fromUtf8(kDetails[i].concerned));
      CHECK(r.value("consent").toBool() == kPeople[i].consent);
      CHECK(r.contains("display_name") == kPeople[i].consent);
    }
  }

  // A mistaken check-in is removed: the count goes back, the record is deleted.
  t.tap("checkInButton");
  REQUIRE(t.waitFor("participantNameField"));
  t.tap("participantConsent");
  t.setText("participantNameField", "Doublon à supprimer");
  CHECK(t.pick("participantActorType", "autre"));
  t.tap("participantSave");
  REQUIRE(waitUntil([&] { return t.text("attendanceCount") == "7 présents"; }));
  t.setText("attendanceSearch", "Doublon");
  REQUIRE(waitUntil([&] { return t.isVisible("participant_0") && !t.isVisible("participant_1"); }));
  t.tap("participant_0");
  REQUIRE(t.waitFor("participantDelete"));
  t.tap("participantDelete");
  REQUIRE(waitUntil([&] { return !t.isVisible("participantDialog"); }));
  REQUIRE(waitUntil([&] { return t.text("attendanceCount") == "6 présents"; }));
  CHECK(t.isVisible("attendanceEmpty"));
  int kept = 0;
  for (const QVariant& v : replica->query(QStringLiteral("attendance"))) {
    const QVariantMap r = v.toMap();
    if (r.value("display_name").toString() == "Doublon à supprimer")
      CHECK(r.value("_deleted").toBool());
    if (!r.value("_deleted").toBool()) ++kept;
  }
  CHECK(kept == 6);
  t.setText("attendanceSearch", "");
  REQUIRE(
      waitUntil([&] { return t.isVisible("participant_0") && !t.isVisible("attendanceEmpty"); }));
  checkScreen(t, QStringLiteral("06_attendance"));
  t.setText("attendanceSearch", "mar");
  REQUIRE(waitUntil(
      [&] { return t.findAll("participant_1").size() > 0 && !t.isVisible("participant_2"); }));
  checkScreen(t, QStringLiteral("07_attendance_search"));
  t.setText("attendanceSearch", "");

  // Head count: + and − on both counters.
  t.tap("tabHeadcount");
  t.tap("headcountCreate");
  REQUIRE(t.waitFor("headcountPlus_0"));
  for (int i = 0; i < 13; ++i) t.tap("headcountPlus_0");
  REQUIRE(waitUntil([&] { return t.text("headcountTotal_0") == "13"; }));
  t.tap("headcountMinus_0");
  REQUIRE(waitUntil([&] { return t.text("headcountTotal_0") == "12"; }));
  for (int i = 0; i < 3; ++i) t.tap("headcountConcernedPlus_0");
  REQUIRE(
      waitUntil([&] { return t.text("headcountConcerned_0") == "Dont personnes concernées : 3"; }));
  t.tap("headcountConcernedMinus_0");
  REQUIRE(
      waitUntil([&] { return t.text("headcountConcerned_0") == "Dont personnes concernées : 2"; }));
  {
    const QVariantMap h = replica->query(QStringLiteral("headcount")).first().toMap();
    CHECK(h.value("count").toInt() == 12);
    CHECK(h.value("count_people_concerned").toInt() == 2);
  }
  checkScreen(t, QStringLiteral("08_headcount"));

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
  checkScreen(t, QStringLiteral("09_contributions"));

  // Feedback: facilitator's view, kiosk form, locked thank-you screen, PIN, and the
  // next participant gets a fresh form: one answer set per person.
  t.tap("tabFeedback");
  checkScreen(t, QStringLiteral("10_feedback"));
  t.tap("kioskStart");
  enterPin(t);
  checkScreen(t, QStringLiteral("10_kiosk_set_pin"));
  enterPin(t);
  REQUIRE(t.waitFor("kioskSubmit"));
  CHECK_FALSE(t.isVisible("toolbar"));
  CHECK_FALSE(t.isVisible("meetingStatusControls"));
  t.tap("answer_satisfaction_globale_tres_satisfait");
  t.tap("answer_utilite_utile");
  checkScreen(t, QStringLiteral("11_kiosk_form"));
  t.tap("kioskSubmit");
  CHECK(t.isVisible("kioskMissing"));  // participer_a_nouveau is required
  t.tap("answer_participer_a_nouveau_yes");
  t.tap("kioskSubmit");
  REQUIRE(t.waitFor("kioskThanks"));
  checkScreen(t, QStringLiteral("12_kiosk_thanks"));
  REQUIRE(t.hold("kioskHoldArea", [&] { return t.isVisible("kioskUnlockPin"); }));
  checkScreen(t, QStringLiteral("12_kiosk_unlock_pin"));
  enterPin(t);
  REQUIRE(t.waitFor("kioskNext"));
  checkScreen(t, QStringLiteral("12_kiosk_unlocked"));
  t.tap("kioskNext");
  REQUIRE(t.waitFor("kioskSubmit"));
  // The first participant's answers are gone: submitting at once is refused.
  t.tap("kioskSubmit");
  CHECK(t.isVisible("kioskMissing"));
  t.tap("answer_satisfaction_globale_peu_satisfait");
  t.tap("answer_participer_a_nouveau_no");
  t.tap("kioskSubmit");
  REQUIRE(t.waitFor("kioskThanks"));
  REQUIRE(t.hold("kioskHoldArea", [&] { return t.isVisible("kioskUnlockPin"); }));
  enterPin(t);
  REQUIRE(t.waitFor("kioskExit"));
  t.tap("kioskExit");
  REQUIRE(t.waitFor("feedbackCount"));
  CHECK(t.text("feedbackCount") == "2 réponses recueillies");
  {
    QStringList levels;
    for (const QVariant& v : replica->query(QStringLiteral("feedback_response"))) {
      const QVariantMap answers = v.toMap().value("answers").toMap();
      levels.append(answers.value("satisfaction_globale").toString());
      if (levels.last() == "peu_satisfait") CHECK_FALSE(answers.contains("utilite"));
    }
    levels.sort();
    CHECK(levels == QStringList({"peu_satisfait", "tres_satisfait"}));
  }

  // The meeting's life cycle from its header: close, reopen, cancel (after a
  // confirmation; "keep" changes nothing), restore.
  t.tap("tabAttendance");
  t.tap("meetingClose");
  REQUIRE(waitUntil([&] { return t.text("meetingStatusLabel") == "Terminée"; }));
  CHECK(meetingRecord(replica).value("status").toString() == "terminee");
  checkScreen(t, QStringLiteral("15_meeting_finished"));
  t.tap("meetingReopen");
  REQUIRE(waitUntil([&] { return t.text("meetingStatusLabel") == "En cours"; }));
  t.tap("meetingCancelAsk");
  REQUIRE(t.waitFor("meetingCancelConfirm"));
  checkScreen(t, QStringLiteral("15_meeting_cancel_confirm"));
  t.tap("meetingCancelKeep");
  REQUIRE(waitUntil([&] { return !t.isVisible("meetingCancelConfirm"); }));
  CHECK(meetingRecord(replica).value("status").toString() == "en_cours");
  t.tap("meetingCancelAsk");
  REQUIRE(t.waitFor("meetingCancelConfirmed"));
  t.tap("meetingCancelConfirmed");
  REQUIRE(waitUntil([&] { return t.text("meetingStatusLabel") == "Annulée"; }));
  CHECK(meetingRecord(replica).value("status").toString() == "annulee");
  CHECK_FALSE(t.isVisible("meetingCancelAsk"));
  checkScreen(t, QStringLiteral("15_meeting_cancelled"));
  t.tap("meetingRestore");
  REQUIRE(waitUntil([&] { return t.text("meetingStatusLabel") == "Planifiée"; }));
  t.tap("meetingStart");
  REQUIRE(waitUntil([&] { return t.text("meetingStatusLabel") == "En cours"; }));

  // Sync screen, offline: pending change sets listed.
  QMetaObject::invokeMethod(t.root(), "openSync");
  REQUIRE(t.waitFor("syncPage"));
  CHECK(replica->waitingChangeSets() > 0);
  CHECK(t.text("syncPendingCount").endsWith("en attente"));
  CHECK(t.isVisible("outbox_0"));
  CHECK_FALSE(t.isVisible("syncProgress"));  // shown only while syncing
  checkScreen(t, QStringLiteral("13_sync"));

  // A participant opened for editing, in portrait.
  t.tap("backButton");
  REQUIRE(t.waitFor("meetingPage"));
  t.tap("participant_0");
  REQUIRE(t.waitFor("participantDialog"));
  checkScreen(t, QStringLiteral("05_participant_edit"));
  t.tap("participantCancel");
  t.tap("backButton");
  REQUIRE(t.waitFor("meetingsPage"));
  CHECK(t.text("meetingCardStatus_0") == "En cours");
  checkScreen(t, QStringLiteral("03_meetings"));

  // English is available.
  t.tap("languageButton");
  REQUIRE(waitUntil([&] { return t.text("meetingsCount") == "2 meetings"; }));
  checkScreen(t, QStringLiteral("14_meetings_english"));
  t.tap("meetingCard_0");
  REQUIRE(t.waitFor("meetingPage"));
  CHECK(t.text("meetingStatusLabel") == "In progress");
  CHECK(t.text("meetingClose") == "Close the meeting");
  checkScreen(t, QStringLiteral("14_meeting_english"));
}

TEST_CASE("The clipping check finds text cut on the right, elided, cut at the bottom or hidden",
          "[mobile][screens]") {
  QTemporaryDir dir;
  REQUIRE(dir.isValid());
  Tablet t(dir.path(), QStringLiteral("clipping"), 1280, 800);
  REQUIRE(t.waitFor("enrolmentPage"));
  REQUIRE(t.clippedTexts().isEmpty());
  // Unnamed labels, as a screen would have them, over the real window's content.
  QQmlComponent component(t.app().engine());
  component.setData(R"qml(
import QtQuick
Item {
    anchors.fill: parent
    Text { y: 0; width: 120; text: "Coupé à droite sans points"; clip: true }
    Text { y: 40; width: 120; elide: Text.ElideRight
           text: "Maison départementale des personnes handicapées (MDPH)" }
    Text { y: 80; width: 200; wrapMode: Text.WordWrap; maximumLineCount: 1
           text: "Deux lignes dont une seule est montrée" }
    Text { y: 120; width: 200; height: 20; wrapMode: Text.WordWrap
           text: "Un texte sur plusieurs lignes dans une hauteur d'une seule" }
    Rectangle { y: 300; width: 80; height: 30; clip: true
                Text { text: "Caché par son parent" } }
    Text { y: parent.height + 10; text: "Sous le bas de la fenêtre" }
    Flickable { y: 400; width: 300; height: 50; clip: true; contentHeight: 400
                Text { y: 200; text: "Plus bas dans une liste : on y fait défiler" } }
    Text { y: 460; width: 400; text: "Lisible en entier" }
}
)qml",
                    QUrl(QStringLiteral("qrc:/clipping-check.qml")));
  INFO(component.errorString().toStdString());
  QObject* object = component.create();
  REQUIRE(object);
  auto* overlay = qobject_cast<QQuickItem*>(object);
  overlay->setParentItem(t.window()->contentItem());
  const QString all = t.clippedTexts().join(QStringLiteral(" | "));
  INFO(all.toStdString());
  CHECK(all.contains(QStringLiteral("(label): Coupé à droite sans points [needs")));
  CHECK(all.contains(
      QStringLiteral("(label): Maison départementale des personnes handicapées (MDPH) [elided]")));
  CHECK(all.contains(QStringLiteral("(label): Deux lignes dont une seule est montrée [elided]")));
  CHECK(all.contains(QStringLiteral("d'une seule [cut at the bottom")));
  CHECK(all.contains(QStringLiteral("Caché par son parent [cut by QQuickRectangle")));
  CHECK(all.contains(QStringLiteral("Sous le bas de la fenêtre [cut by the window")));
  CHECK_FALSE(all.contains(QStringLiteral("Plus bas dans une liste")));
  CHECK_FALSE(all.contains(QStringLiteral("Lisible en entier")));
  delete object;
  CHECK(t.clippedTexts().isEmpty());
}
