import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// Satisfaction feedback in kiosk mode. The facilitator picks the questionnaire, sets a
// PIN and hands over the tablet; each participant fills one answer set, then a locked
// thank-you screen shows. Only the facilitator unlocks it: hold the screen, then the PIN.
//
// States:  idle --start(PIN)--> form --submit--> thanks --hold--> unlock --PIN--> unlocked
//                               ^  \--hold corner--> unlock           |  next -> form
//                               |                                     |  exit -> idle
Item {
    id: tab
    objectName: "feedbackTab"
    required property TerrainReplica replica
    required property ReferenceData reference
    required property var appWindow
    property bool portrait: false
    property string meetingId: ""

    property string mode: "idle"        // idle, setpin, form, thanks, unlock, unlocked
    property string pin: ""
    property string pinFirst: ""
    property string unlockFrom: "thanks"
    property string questionnaireId: ""

    readonly property var questionnaires: {
        replica.revision
        return Util.pickQuestionnaires(replica.query("questionnaire"), reference.bundledQuestionnaires(), "participants")
    }
    readonly property var definition: {
        for (const q of questionnaires) if (q.id === questionnaireId) return q
        return questionnaires.length > 0 ? questionnaires[0] : null
    }
    readonly property int responses: { replica.revision; return meetingId ? replica.count("feedback_response", { meeting: meetingId }) : 0 }

    onModeChanged: appWindow.kiosk = (mode !== "idle" && mode !== "setpin")
    Component.onDestruction: if (mode !== "idle") appWindow.kiosk = false

    // ---- Actions (also used by the UI tests) ----
    function beginPinSetup() { pinFirst = ""; setPad.clear(); mode = "setpin" }
    function startKiosk(newPin) {
        if (newPin.length < appWindow.kioskPinMin || !definition) return false
        pin = newPin
        form.reset()
        mode = "form"
        return true
    }
    function submit() {
        const missing = form.missing()
        if (missing.length > 0) { form.showMissing = true; return false }
        const id = replica.create("feedback_response", {
            meeting: meetingId,
            questionnaire_id: definition.id,
            questionnaire_version: definition.version,
            answers: form.result()
        })
        if (id === "") return false
        form.reset()
        mode = "thanks"
        return true
    }
    function requestUnlock(from) { unlockFrom = from; unlockPad.clear(); unlockPad.errorText = ""; mode = "unlock" }
    function unlock(candidate) {
        if (candidate !== pin) { unlockPad.clear(); unlockPad.errorText = qsTr("Code incorrect."); return false }
        mode = "unlocked"
        return true
    }
    function nextParticipant() { form.reset(); mode = "form" }
    function exitKiosk() { pin = ""; form.reset(); mode = "idle" }

    // ---- Facilitator's view ----
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing
        visible: tab.mode === "idle" || tab.mode === "setpin"

        // While the PIN is being chosen only the pad shows, so that it fits a landscape
        // tablet with the toolbar and the meeting's header above it.
        Label {
            objectName: "feedbackCount"
            visible: tab.mode === "idle"
            text: qsTr("%n réponse(s) recueillie(s)", "", tab.responses)
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.primaryDark
        }
        Label {
            Layout.fillWidth: true
            visible: tab.mode === "idle"
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            text: qsTr("Le questionnaire est anonyme. En mode borne, chaque participant remplit le questionnaire sur cette tablette, puis un écran de remerciement verrouillé s'affiche. Pour le déverrouiller, maintenez le doigt sur l'écran puis saisissez votre code.")
        }
        FieldLabel { text: qsTr("Questionnaire"); visible: tab.mode === "idle" && tab.questionnaires.length > 1 }
        ChoiceField {
            objectName: "feedbackQuestionnaire"
            visible: tab.mode === "idle" && tab.questionnaires.length > 1
            Layout.fillWidth: true
            model: { tab.reference.languageCode; return tab.questionnaires.map(function(q) { return { code: q.id, label: tab.reference.text(q.title) } }) }
            value: tab.definition ? tab.definition.id : ""
            onActivated: tab.questionnaireId = value
        }
        Label {
            objectName: "feedbackQuestionnaireTitle"
            Layout.fillWidth: true
            visible: tab.mode === "idle" && tab.questionnaires.length === 1
            text: tab.definition ? tab.reference.text(tab.definition.title) : ""
            font.pixelSize: Theme.fontLarge
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            visible: tab.questionnaires.length === 0
            text: qsTr("Aucun questionnaire de satisfaction n'est disponible. Synchronisez la tablette.")
            color: Theme.error
            wrapMode: Text.WordWrap
        }
        TouchButton {
            objectName: "kioskStart"
            visible: tab.mode === "idle"
            primary: true
            enabled: tab.definition !== null
            text: qsTr("Démarrer le mode borne")
            onClicked: tab.beginPinSetup()
        }
        PinPad {
            id: setPad
            objectName: "kioskSetPin"
            visible: tab.mode === "setpin"
            Layout.fillWidth: true
            maxDigits: tab.appWindow.kioskPinMax
            prompt: tab.pinFirst === "" ? qsTr("Choisissez un code de %1 à %2 chiffres pour déverrouiller la borne").arg(tab.appWindow.kioskPinMin).arg(tab.appWindow.kioskPinMax)
                                        : qsTr("Saisissez le code une seconde fois")
            onAccepted: function(p) {
                if (p.length < tab.appWindow.kioskPinMin) { errorText = qsTr("Le code doit compter au moins %1 chiffres.").arg(tab.appWindow.kioskPinMin); clear(); return }
                if (tab.pinFirst === "") { tab.pinFirst = p; clear(); return }
                if (p !== tab.pinFirst) { tab.pinFirst = ""; clear(); errorText = qsTr("Les deux codes diffèrent. Recommencez."); return }
                tab.startKiosk(p)
            }
            onCancelled: tab.mode = "idle"
        }
        Item { Layout.fillHeight: true }
    }

    // ---- Participant's form ----
    Rectangle {
        anchors.fill: parent
        visible: tab.mode === "form"
        color: Theme.background
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.spacing
            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "kioskTitle"
                    Layout.fillWidth: true
                    text: tab.definition ? tab.reference.text(tab.definition.title) : ""
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    color: Theme.primaryDark
                    wrapMode: Text.WordWrap
                }
                // The facilitator's way out mid-form: hold this corner, then the PIN.
                Rectangle {
                    objectName: "kioskCorner"
                    Layout.preferredWidth: 56
                    Layout.preferredHeight: 56
                    radius: 28
                    color: cornerArea.pressed ? Theme.selected : "transparent"
                    border.color: Theme.border
                    Label { anchors.centerIn: parent; text: "⋯"; color: Theme.textMuted; font.pixelSize: 24 }
                    Accessible.name: qsTr("Réservé à l'animateur : maintenir pour déverrouiller")
                    MouseArea {
                        id: cornerArea
                        anchors.fill: parent
                        pressAndHoldInterval: tab.appWindow.kioskHoldMs
                        onPressAndHold: tab.requestUnlock("form")
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Ce questionnaire est anonyme : vos réponses ne sont pas reliées à votre nom.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            QuestionnaireForm {
                id: form
                Layout.fillWidth: true
                Layout.fillHeight: true
                reference: tab.reference
                definition: tab.definition || ({ questions: [] })
                large: true
            }
            Label {
                objectName: "kioskMissing"
                Layout.fillWidth: true
                visible: form.showMissing && form.missing().length > 0
                text: qsTr("Il reste des questions obligatoires (*) sans réponse.")
                color: Theme.error
                font.bold: true
                wrapMode: Text.WordWrap
            }
            TouchButton {
                objectName: "kioskSubmit"
                Layout.fillWidth: true
                implicitHeight: 72
                primary: true
                font.pixelSize: Theme.fontLarge
                text: qsTr("Envoyer mes réponses")
                onClicked: tab.submit()
            }
        }
    }

    // ---- Locked thank-you screen ----
    Rectangle {
        objectName: "kioskThanks"
        anchors.fill: parent
        visible: tab.mode === "thanks"
        color: Theme.primary
        ColumnLayout {
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * Theme.margin, 800)
            spacing: Theme.margin
            Label {
                Layout.fillWidth: true
                text: qsTr("Merci pour votre participation !")
                font.pixelSize: 44
                font.bold: true
                color: "white"
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Vos réponses sont enregistrées. Merci de rendre la tablette à l'animateur.")
                font.pixelSize: Theme.fontLarge
                color: "white"
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
        }
        MouseArea {
            objectName: "kioskHoldArea"
            anchors.fill: parent
            pressAndHoldInterval: tab.appWindow.kioskHoldMs
            onPressAndHold: tab.requestUnlock("thanks")
        }
    }

    // ---- PIN to unlock, then the facilitator's choices ----
    Rectangle {
        anchors.fill: parent
        visible: tab.mode === "unlock" || tab.mode === "unlocked"
        color: Theme.background
        PinPad {
            id: unlockPad
            objectName: "kioskUnlockPin"
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * Theme.margin, 520)
            visible: tab.mode === "unlock"
            maxDigits: tab.appWindow.kioskPinMax
            prompt: qsTr("Code de l'animateur")
            onAccepted: function(p) { tab.unlock(p) }
            onCancelled: tab.mode = tab.unlockFrom
        }
        ColumnLayout {
            anchors.centerIn: parent
            width: Math.min(parent.width - 2 * Theme.margin, 640)
            visible: tab.mode === "unlocked"
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("%n réponse(s) recueillie(s)", "", tab.responses)
                font.pixelSize: Theme.fontTitle
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                color: Theme.primaryDark
            }
            TouchButton {
                objectName: "kioskNext"
                Layout.fillWidth: true
                implicitHeight: 72
                primary: true
                text: qsTr("Participant suivant")
                onClicked: tab.nextParticipant()
            }
            TouchButton {
                objectName: "kioskExit"
                Layout.fillWidth: true
                implicitHeight: 72
                text: qsTr("Quitter le mode borne")
                onClicked: tab.exitKiosk()
            }
        }
    }
}
