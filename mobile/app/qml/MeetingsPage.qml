import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// The meetings in the tablet's scope (received at sync) and those created on it.
Page {
    id: page
    objectName: "meetingsPage"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    signal meetingChosen(string id)
    title: qsTr("Rencontres")
    background: Rectangle { color: Theme.background }

    readonly property var meetings: {
        page.replica.revision
        const list = page.replica.query("meeting", { order_by: "starts_at" })
        return list.filter(function(m) { return !m._deleted })
    }

    function territory(m) {
        reference.languageCode
        if (m.departments && m.departments.length > 0) {
            return m.departments.map(function(d) { return reference.label("departments", d) + " (" + d + ")" }).join(", ")
        }
        if (m.region) return reference.label("regions", m.region)
        return qsTr("National")
    }
    function when(m) {
        const d = Util.parseRfc3339(m.starts_at)
        if (!d) return ""
        return d.toLocaleDateString(Qt.locale(reference.languageCode === "en" ? "en_GB" : "fr_FR"), Locale.LongFormat)
               + " · " + Util.timeText(d)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                objectName: "meetingsCount"
                Layout.fillWidth: true
                text: qsTr("%n rencontre(s)", "", page.meetings.length)
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            TouchButton {
                objectName: "newMeetingButton"
                // Evaluators fill grids for meetings defined by others; they create none.
                visible: page.replica.role !== "evaluator"
                primary: true
                text: qsTr("+ Nouvelle rencontre")
                onClicked: meetingDialog.openNew()
            }
        }

        Label {
            objectName: "meetingsEmpty"
            visible: page.meetings.length === 0
            Layout.fillWidth: true
            Layout.topMargin: 48
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontLarge
            text: qsTr("Aucune rencontre pour l'instant. Synchronisez pour recevoir les rencontres de votre périmètre, ou créez-en une.")
        }

        GridView {
            id: grid
            objectName: "meetingsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            readonly property int columns: page.portrait ? 1 : 2
            cellWidth: width / columns
            cellHeight: 196
            model: page.meetings
            ScrollBar.vertical: ScrollBar {}
            delegate: Item {
                required property var modelData
                required property int index
                width: grid.cellWidth
                height: grid.cellHeight
                ItemDelegate {
                    objectName: "meetingCard_" + index
                    anchors.fill: parent
                    anchors.margins: 8
                    padding: 20
                    Accessible.name: modelData.title
                    background: Rectangle {
                        color: parent.down ? Theme.selected : Theme.surface
                        radius: Theme.radius
                        border.color: Theme.border
                    }
                    onClicked: page.meetingChosen(modelData._id)
                    contentItem: ColumnLayout {
                        spacing: 6
                        RowLayout {
                            Layout.fillWidth: true
                            Label {
                                objectName: "meetingTitle"
                                Layout.fillWidth: true
                                text: modelData.title
                                font.pixelSize: Theme.fontLarge
                                font.bold: true
                                color: Theme.primaryDark
                                wrapMode: Text.WordWrap
                                maximumLineCount: 2
                                elide: Text.ElideRight
                            }
                            StatusChip {
                                Layout.alignment: Qt.AlignTop
                                reference: page.reference
                                status: modelData.status || ""
                                labelName: "meetingCardStatus_" + index
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: { page.reference.languageCode; return page.reference.label("meeting_types", modelData.type) + " · " + page.reference.label("meeting_formats", modelData.format) }
                            color: Theme.textMuted
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: page.when(modelData)
                            color: Theme.text
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: page.territory(modelData)
                            color: Theme.textMuted
                            elide: Text.ElideRight
                        }
                        Item { Layout.fillHeight: true }
                    }
                }
            }
        }
    }

    MeetingDialog {
        id: meetingDialog
        replica: page.replica
        reference: page.reference
        portrait: page.portrait
        onCreated: function(id) { page.meetingChosen(id) }
    }
}
