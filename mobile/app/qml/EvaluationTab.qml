import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// The evaluation grid ("mesurer notre impact"), for tablets enrolled as evaluator.
// One grid per meeting on this tablet: saving again updates it.
Item {
    id: tab
    objectName: "evaluationTab"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    property string meetingId: ""
    property string savedMessage: ""

    readonly property var definition: {
        replica.revision
        const list = Util.pickQuestionnaires(replica.query("questionnaire"), reference.bundledQuestionnaires(), "evaluators")
        return list.length > 0 ? list[0] : null
    }
    readonly property var existing: {
        replica.revision
        if (!meetingId) return null
        const list = replica.query("evaluation", { where: { meeting: meetingId } }).filter(function(e) { return !e._deleted })
        return list.length > 0 ? list[list.length - 1] : null
    }
    onExistingChanged: load()
    Component.onCompleted: load()

    function load() {
        if (existing) {
            nameField.text = existing.evaluator_name || ""
            form.answers = existing.answers || {}
        }
    }

    function save() {
        savedMessage = ""
        if (nameField.text.trim().length === 0) { problem.text = qsTr("Indiquez le nom de l'évaluateur."); return false }
        if (form.missing().length > 0) { form.showMissing = true; problem.text = qsTr("Il reste des questions obligatoires (*) sans réponse."); return false }
        problem.text = ""
        const now = Util.rfc3339(new Date())
        let ok
        if (existing && existing.questionnaire_id === definition.id && existing.questionnaire_version === definition.version) {
            ok = replica.update("evaluation", existing._id, { evaluator_name: nameField.text.trim(), answers: form.result(), completed_at: now })
        } else {
            ok = replica.create("evaluation", {
                meeting: meetingId, evaluator_name: nameField.text.trim(),
                questionnaire_id: definition.id, questionnaire_version: definition.version,
                answers: form.result(), completed_at: now
            }) !== ""
        }
        if (ok) savedMessage = qsTr("Évaluation enregistrée.")
        return ok
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: tab.definition ? tab.reference.text(tab.definition.title) : qsTr("Aucune grille d'évaluation n'est disponible. Synchronisez la tablette.")
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: tab.definition ? Theme.primaryDark : Theme.error
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            FieldLabel { text: qsTr("Évaluateur") }
            TextField {
                id: nameField
                objectName: "evaluatorName"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                maximumLength: 200
                placeholderText: qsTr("Votre nom")
            }
        }
        QuestionnaireForm {
            id: form
            objectName: "evaluationForm"
            Layout.fillWidth: true
            Layout.fillHeight: true
            reference: tab.reference
            definition: tab.definition || ({ questions: [] })
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                id: problem
                objectName: "evaluationProblem"
                Layout.fillWidth: true
                color: Theme.error
                wrapMode: Text.WordWrap
                visible: text.length > 0
            }
            Label {
                objectName: "evaluationSaved"
                Layout.fillWidth: true
                text: tab.savedMessage
                color: Theme.success
                visible: text.length > 0 && problem.text.length === 0
            }
            Item { Layout.fillWidth: true; visible: problem.text.length === 0 && tab.savedMessage.length === 0 }
            TouchButton {
                objectName: "evaluationSave"
                primary: true
                enabled: tab.definition !== null
                text: tab.existing ? qsTr("Mettre à jour l'évaluation") : qsTr("Enregistrer l'évaluation")
                onClicked: tab.save()
            }
        }
    }
}
