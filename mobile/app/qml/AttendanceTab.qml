import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// Attendance: fast check-in, search as you type, edit, remove, count.
// This is the only screen that shows participants' names.
Item {
    id: tab
    objectName: "attendanceTab"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    property string meetingId: ""
    property string search: ""

    readonly property int total: { replica.revision; return meetingId ? replica.count("attendance", { meeting: meetingId }) : 0 }
    readonly property var people: {
        replica.revision
        if (!meetingId) return []
        const filter = { where: { meeting: meetingId }, order_by: "checked_in_at" }
        if (search.trim().length > 0) filter.search = { display_name: search.trim() }
        return replica.query("attendance", filter).filter(function(p) { return !p._deleted }).reverse()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        GridLayout {
            Layout.fillWidth: true
            columns: tab.portrait ? 2 : 3
            columnSpacing: Theme.spacing
            rowSpacing: 8
            Label {
                objectName: "attendanceCount"
                text: qsTr("%n présent(s)", "", tab.total)
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.primaryDark
                Layout.fillWidth: tab.portrait
            }
            TextField {
                id: searchField
                objectName: "attendanceSearch"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                Layout.row: tab.portrait ? 1 : 0
                Layout.column: tab.portrait ? 0 : 1
                Layout.columnSpan: tab.portrait ? 2 : 1
                placeholderText: qsTr("Rechercher un nom…")
                inputMethodHints: Qt.ImhNoPredictiveText
                onTextChanged: tab.search = text
                rightPadding: 56
                ToolButton {
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    visible: searchField.text.length > 0
                    text: "✕"
                    width: 48; height: 48
                    Accessible.name: qsTr("Effacer la recherche")
                    onClicked: searchField.clear()
                }
            }
            TouchButton {
                objectName: "checkInButton"
                primary: true
                text: qsTr("+ Enregistrer une arrivée")
                Layout.row: 0
                Layout.column: tab.portrait ? 1 : 2
                onClicked: participantDialog.openNew()
            }
        }

        Label {
            objectName: "attendanceEmpty"
            visible: tab.people.length === 0
            Layout.fillWidth: true
            Layout.topMargin: 32
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontLarge
            text: tab.search.length > 0 ? qsTr("Aucun participant ne correspond à « %1 ».").arg(tab.search)
                                         : qsTr("Personne n'est encore enregistré. Touchez « Enregistrer une arrivée » pour commencer.")
        }

        ListView {
            id: list
            objectName: "attendanceList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: tab.people
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                required property var modelData
                required property int index
                objectName: "participant_" + index
                width: list.width
                padding: 16
                background: Rectangle { color: parent.down ? Theme.selected : Theme.surface; radius: Theme.radius; border.color: Theme.border }
                onClicked: participantDialog.openEdit(modelData)
                Accessible.name: modelData.display_name || qsTr("Participant sans nom")
                contentItem: GridLayout {
                    columns: tab.portrait ? 1 : 3
                    columnSpacing: Theme.spacing
                    rowSpacing: 2
                    Label {
                        objectName: "participantName"
                        Layout.fillWidth: true
                        Layout.preferredWidth: 3
                        text: modelData.display_name || qsTr("Nom non recueilli")
                        font.bold: true
                        font.italic: !modelData.display_name
                        font.pixelSize: Theme.fontLarge
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 4
                        text: { tab.reference.languageCode; return (modelData.organisation || "—") + " · " + tab.reference.label("actor_types", modelData.actor_type) }
                        color: Theme.textMuted
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 2
                        text: {
                            tab.reference.languageCode
                            const parts = []
                            if (modelData.department) parts.push(modelData.department)
                            if (modelData.role) parts.push(tab.reference.label("attendance_roles", modelData.role))
                            const d = Util.parseRfc3339(modelData.checked_in_at)
                            if (d) parts.push(Util.timeText(d))
                            return parts.join(" · ")
                        }
                        color: Theme.textMuted
                        horizontalAlignment: tab.portrait ? Text.AlignLeft : Text.AlignRight
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }

    ParticipantDialog {
        id: participantDialog
        replica: tab.replica
        reference: tab.reference
        portrait: tab.portrait
        meetingId: tab.meetingId
    }
}
