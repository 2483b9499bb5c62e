import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field

// Contributions from workshops, tagged with the strategic priorities, the action
// principles and the shared values of the cooperation framework.
Item {
    id: tab
    objectName: "contributionsTab"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    property string meetingId: ""
    property var meeting: ({})

    property var priorities: []
    property var principles: []
    property var values: []
    property string workshop: ""

    readonly property var contributions: {
        replica.revision
        if (!meetingId) return []
        return replica.query("contribution", { where: { meeting: meetingId } })
                      .filter(function(c) { return !c._deleted }).reverse()
    }

    function toggled(list, code, on) {
        const next = list.filter(function(x) { return x !== code })
        if (on) next.push(code)
        return next
    }

    function save() {
        const text = textArea.text.trim()
        if (text.length === 0) return ""
        const fields = { meeting: meetingId, text: text }
        if (priorities.length) fields.priorities = priorities.slice().sort(function(a, b) { return a - b })
        if (principles.length) fields.principles = principles.slice()
        if (values.length) fields.values = values.slice()
        if (workshop !== "") fields.workshop = workshop
        const id = replica.create("contribution", fields)
        if (id !== "") {
            textArea.text = ""
            priorities = []
            principles = []
            values = []
        }
        return id
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        columns: tab.portrait ? 1 : 2
        columnSpacing: Theme.margin
        rowSpacing: Theme.spacing

        // The form, its save button always in view below it.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            Layout.preferredHeight: tab.portrait ? 3 : 1
            spacing: 8
            ScrollView {
                id: formScroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentWidth: availableWidth
                clip: true
                ColumnLayout {
                    width: formScroll.availableWidth
                    spacing: 8
                    FieldLabel { text: qsTr("Atelier"); visible: workshopField.visible }
                    ChoiceField {
                        id: workshopField
                        objectName: "contributionWorkshop"
                        visible: (tab.meeting.workshops || []).length > 0
                        Layout.fillWidth: true
                        model: [{ code: "", label: qsTr("Sans atelier") }].concat((tab.meeting.workshops || []).map(function(w) { return { code: w, label: w } }))
                        onValueChanged: tab.workshop = value
                    }
                    FieldLabel { text: qsTr("Contribution (n'écrivez aucun nom)") }
                    TextArea {
                        id: textArea
                        objectName: "contributionText"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 150
                        wrapMode: TextEdit.Wrap
                        placeholderText: qsTr("Idée ou proposition issue de l'atelier…")
                        font.pixelSize: Theme.fontSize
                        background: Rectangle { color: Theme.surface; border.color: textArea.activeFocus ? Theme.primary : Theme.border; border.width: textArea.activeFocus ? 2 : 1; radius: 4 }
                    }
                    FieldLabel { text: qsTr("Principes d'action") }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 8
                        Repeater {
                            model: { tab.reference.languageCode; return tab.reference.items("principles") }
                            delegate: ChipToggle {
                                required property var modelData
                                objectName: "principle_" + modelData.code
                                text: modelData.label
                                checked: tab.principles.indexOf(modelData.code) >= 0
                                onToggled: tab.principles = tab.toggled(tab.principles, modelData.code, checked)
                            }
                        }
                    }
                    FieldLabel { text: qsTr("Valeurs partagées") }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 8
                        Repeater {
                            model: { tab.reference.languageCode; return tab.reference.items("values") }
                            delegate: ChipToggle {
                                required property var modelData
                                objectName: "value_" + modelData.code
                                text: modelData.label
                                checked: tab.values.indexOf(modelData.code) >= 0
                                onToggled: tab.values = tab.toggled(tab.values, modelData.code, checked)
                            }
                        }
                    }
                    FieldLabel { text: qsTr("Priorités stratégiques") }
                    Repeater {
                        model: { tab.reference.languageCode; return tab.reference.priorityAxes() }
                        delegate: ColumnLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: 4
                            Label {
                                Layout.fillWidth: true
                                text: modelData.label
                                font.italic: true
                                color: Theme.textMuted
                                wrapMode: Text.WordWrap
                            }
                            Repeater {
                                model: modelData.items
                                delegate: AbstractButton {
                                    id: priorityToggle
                                    required property var modelData
                                    objectName: "priority_" + modelData.code
                                    Layout.fillWidth: true
                                    checkable: true
                                    implicitHeight: Math.max(Theme.touch, priorityRow.implicitHeight + 16)
                                    checked: tab.priorities.indexOf(modelData.code) >= 0
                                    onToggled: tab.priorities = tab.toggled(tab.priorities, modelData.code, checked)
                                    Accessible.role: Accessible.CheckBox
                                    Accessible.name: modelData.label
                                    background: Rectangle {
                                        radius: Theme.radius
                                        color: priorityToggle.checked ? Theme.selected : (priorityToggle.down ? Theme.background : "transparent")
                                        border.color: priorityToggle.checked ? Theme.primary : "transparent"
                                    }
                                    contentItem: RowLayout {
                                        id: priorityRow
                                        spacing: 12
                                        Rectangle {
                                            Layout.leftMargin: 8
                                            Layout.alignment: Qt.AlignVCenter
                                            width: 28; height: 28; radius: 4
                                            color: priorityToggle.checked ? Theme.primary : Theme.surface
                                            border.color: priorityToggle.checked ? Theme.primary : Theme.textMuted
                                            border.width: 2
                                            Label { anchors.centerIn: parent; text: "✓"; color: "white"; visible: priorityToggle.checked; font.bold: true }
                                        }
                                        Label {
                                            Layout.fillWidth: true
                                            text: modelData.code + ". " + modelData.label
                                            wrapMode: Text.WordWrap
                                            color: Theme.text
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            TouchButton {
                objectName: "contributionSave"
                Layout.alignment: Qt.AlignRight
                primary: true
                text: qsTr("Ajouter la contribution")
                enabled: textArea.text.trim().length > 0
                onClicked: tab.save()
            }
        }

        // The contributions so far.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 2
            Layout.preferredHeight: tab.portrait ? 2 : 1
            spacing: 8
            Label {
                objectName: "contributionsCount"
                text: qsTr("%n contribution(s)", "", tab.contributions.length)
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.primaryDark
            }
            ListView {
                id: list
                objectName: "contributionsList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: tab.contributions
                ScrollBar.vertical: ScrollBar {}
                delegate: Rectangle {
                    required property var modelData
                    required property int index
                    width: list.width
                    implicitHeight: cColumn.implicitHeight + 24
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    ColumnLayout {
                        id: cColumn
                        anchors.fill: parent
                        anchors.margins: 12
                        spacing: 6
                        Label {
                            Layout.fillWidth: true
                            text: modelData.text
                            wrapMode: Text.WordWrap
                            maximumLineCount: 6
                            elide: Text.ElideRight
                            color: Theme.text
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: text.length > 0
                            text: {
                                tab.reference.languageCode
                                const tags = []
                                if (modelData.workshop) tags.push(modelData.workshop)
                                for (const p of (modelData.priorities || [])) tags.push(qsTr("Priorité %1").arg(p))
                                for (const a of (modelData.principles || [])) tags.push(tab.reference.label("principles", a))
                                for (const v of (modelData.values || [])) tags.push(tab.reference.label("values", v))
                                return tags.join(" · ")
                            }
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontSmall
                            color: Theme.accent
                        }
                        TouchButton {
                            objectName: "contributionDelete_" + index
                            Layout.alignment: Qt.AlignRight
                            flat: true
                            danger: true
                            text: qsTr("Supprimer")
                            onClicked: tab.replica.remove("contribution", modelData._id)
                        }
                    }
                }
            }
        }
    }
}
