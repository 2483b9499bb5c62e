import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// Renders a questionnaire definition (schemas/questionnaires, format 1) as large touch
// controls: scales and single choices as big option buttons, yes/no as two buttons,
// multiple choices as tags (max_choices enforced), free text as a text area.
// Questions with show_if appear only when their condition holds; answers to hidden
// questions are dropped from result().
ScrollView {
    id: form
    objectName: "questionnaireForm"
    required property ReferenceData reference
    property var definition: ({ questions: [] })
    property var answers: ({})
    property bool showMissing: false
    property bool large: false            // kiosk: bigger text for participants
    contentWidth: availableWidth
    clip: true

    function reset() { answers = {}; showMissing = false; contentItem.contentY = 0 }
    function setAnswer(id, value) {
        const next = Object.assign({}, answers)
        if (value === undefined || value === null || value === "") delete next[id]
        else next[id] = value
        answers = next
    }
    function missing() { return Util.missingRequired(definition, answers) }
    function result() { return Util.visibleAnswers(definition, answers) }
    function tr(v) { reference.languageCode; return reference.text(v) }

    ColumnLayout {
        width: form.availableWidth
        spacing: Theme.spacing

        Repeater {
            model: form.definition.questions || []
            delegate: Rectangle {
                id: card
                required property var modelData
                required property int index
                readonly property var q: modelData
                readonly property bool shown: Util.isShown(q, Util.visibleAnswers(form.definition, form.answers))
                readonly property var answer: form.answers[q.id]
                readonly property bool flagged: form.showMissing && q.required === true && answer === undefined
                objectName: "question_" + q.id
                visible: shown
                Layout.fillWidth: true
                implicitHeight: shown ? qColumn.implicitHeight + 2 * Theme.margin : 0
                radius: Theme.radius
                color: Theme.surface
                border.color: flagged ? Theme.error : Theme.border
                border.width: flagged ? 3 : 1

                ColumnLayout {
                    id: qColumn
                    x: Theme.margin
                    y: Theme.margin
                    width: card.width - 2 * Theme.margin
                    spacing: 12

                    Label {
                        objectName: "questionLabel_" + card.q.id
                        Layout.fillWidth: true
                        text: form.tr(card.q.label) + (card.q.required ? " *" : "")
                        font.pixelSize: form.large ? Theme.fontTitle : Theme.fontLarge
                        font.bold: true
                        wrapMode: Text.WordWrap
                        color: Theme.text
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: card.q.help !== undefined
                        text: card.q.help !== undefined ? form.tr(card.q.help) : ""
                        wrapMode: Text.WordWrap
                        color: Theme.textMuted
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: card.flagged
                        text: qsTr("Merci de répondre à cette question.")
                        color: Theme.error
                        font.bold: true
                    }

                    // Options: scale with labelled options, single choice, multiple choice.
                    Flow {
                        Layout.fillWidth: true
                        spacing: 10
                        visible: card.q.options !== undefined
                        Repeater {
                            model: card.q.options || []
                            delegate: ChipToggle {
                                required property var modelData
                                readonly property bool multi: card.q.type === "multiple_choice"
                                readonly property var chosen: card.answer === undefined ? [] : (multi ? card.answer : [card.answer])
                                objectName: "answer_" + card.q.id + "_" + modelData.code
                                text: form.tr(modelData.label)
                                font.pixelSize: form.large ? Theme.fontLarge : Theme.fontSize
                                // Long options (strategic priorities) wrap onto three lines
                                // in portrait: the chip grows with them.
                                implicitHeight: Math.max(form.large ? 72 : 56, contentItem.implicitHeight + 20)
                                maxWidth: qColumn.width
                                checked: chosen.indexOf(modelData.code) >= 0
                                enabled: !multi || checked || card.q.max_choices === undefined || chosen.length < card.q.max_choices
                                onClicked: {
                                    if (!multi) { form.setAnswer(card.q.id, checked ? modelData.code : undefined); return }
                                    const next = chosen.filter(function(c) { return c !== modelData.code })
                                    if (checked) next.push(modelData.code)
                                    form.setAnswer(card.q.id, next.length ? next : undefined)
                                }
                            }
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: card.q.type === "multiple_choice" && card.q.max_choices !== undefined
                        text: qsTr("%n choix au plus", "", card.q.max_choices || 0)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }

                    // Numeric scale (min..max) with its end labels.
                    ColumnLayout {
                        Layout.fillWidth: true
                        visible: card.q.type === "scale" && card.q.options === undefined
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 10
                            Repeater {
                                model: card.q.type === "scale" && card.q.options === undefined ? (card.q.max - card.q.min + 1) : 0
                                delegate: ChipToggle {
                                    required property int index
                                    readonly property int n: card.q.min + index
                                    objectName: "answer_" + card.q.id + "_" + n
                                    Layout.fillWidth: true
                                    text: String(n)
                                    font.pixelSize: Theme.fontLarge
                                    implicitHeight: form.large ? 72 : 56
                                    checked: card.answer === n
                                    onClicked: form.setAnswer(card.q.id, checked ? n : undefined)
                                }
                            }
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            Label { text: card.q.min_label ? form.tr(card.q.min_label) : ""; color: Theme.textMuted }
                            Item { Layout.fillWidth: true }
                            Label { text: card.q.max_label ? form.tr(card.q.max_label) : ""; color: Theme.textMuted }
                        }
                    }

                    // Yes / no.
                    RowLayout {
                        Layout.fillWidth: true
                        visible: card.q.type === "yes_no"
                        spacing: 10
                        ChipToggle {
                            objectName: "answer_" + card.q.id + "_yes"
                            Layout.fillWidth: true
                            text: qsTr("Oui")
                            font.pixelSize: Theme.fontLarge
                            implicitHeight: form.large ? 72 : 56
                            checked: card.answer === true
                            onClicked: form.setAnswer(card.q.id, checked ? true : undefined)
                        }
                        ChipToggle {
                            objectName: "answer_" + card.q.id + "_no"
                            Layout.fillWidth: true
                            text: qsTr("Non")
                            font.pixelSize: Theme.fontLarge
                            implicitHeight: form.large ? 72 : 56
                            checked: card.answer === false
                            onClicked: form.setAnswer(card.q.id, checked ? false : undefined)
                        }
                    }

                    // Free text.
                    TextArea {
                        objectName: "answer_" + card.q.id + "_text"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 120
                        visible: card.q.type === "free_text"
                        wrapMode: TextEdit.Wrap
                        font.pixelSize: Theme.fontSize
                        placeholderText: qsTr("Votre réponse…")
                        text: typeof card.answer === "string" ? card.answer : ""
                        background: Rectangle { color: Theme.background; border.color: Theme.border; radius: 4 }
                        onTextChanged: {
                            const max = card.q.max_length || 8000
                            if (text.length > max) { text = text.slice(0, max); return }
                            if ((card.answer || "") !== text) form.setAnswer(card.q.id, text.trim().length ? text : undefined)
                        }
                    }
                }
            }
        }
    }
}
