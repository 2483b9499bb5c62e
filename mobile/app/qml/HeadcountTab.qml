import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field

// Head counts: one counter per session (e.g. "Plénière"), big + and − buttons.
// Several tablets at several doors count into the same record; the total shown is the
// sum over every tablet as known at the last sync (the core adds the devices' tallies).
Item {
    id: tab
    objectName: "headcountTab"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    property string meetingId: ""

    readonly property var counts: {
        replica.revision
        if (!meetingId) return []
        return replica.query("headcount", { where: { meeting: meetingId }, order_by: "label" })
                      .filter(function(h) { return !h._deleted })
    }

    function addCounter(label) {
        const l = label.trim()
        if (l.length === 0) return ""
        return replica.create("headcount", { meeting: meetingId, label: l, count: 0, count_people_concerned: 0 })
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            text: qsTr("Chaque tablette compte les entrées à sa porte ; le total additionne toutes les tablettes à chaque synchronisation. Avant de créer un compteur, synchronisez : une autre tablette l'a peut-être déjà créé.")
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            TextField {
                id: newLabel
                objectName: "headcountNewLabel"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                placeholderText: qsTr("Nom du compteur, ex. : Plénière")
                text: tab.counts.length === 0 ? qsTr("Plénière") : ""
                maximumLength: 100
            }
            TouchButton {
                objectName: "headcountCreate"
                text: qsTr("+ Ajouter un compteur")
                enabled: newLabel.text.trim().length > 0
                onClicked: { if (tab.addCounter(newLabel.text) !== "") newLabel.text = "" }
            }
        }

        GridView {
            id: grid
            objectName: "headcountList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            readonly property int columns: tab.portrait || tab.counts.length < 2 ? 1 : 2
            cellWidth: width / columns
            cellHeight: 400
            model: tab.counts
            delegate: Item {
                required property var modelData
                required property int index
                width: grid.cellWidth
                height: grid.cellHeight
                Rectangle {
                    anchors.fill: parent
                    anchors.margins: 8
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: Theme.margin
                        spacing: 12
                        Label {
                            objectName: "headcountLabel_" + index
                            Layout.fillWidth: true
                            text: modelData.label
                            font.pixelSize: Theme.fontTitle
                            font.bold: true
                            color: Theme.primaryDark
                            elide: Text.ElideRight
                            horizontalAlignment: Text.AlignHCenter
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            spacing: Theme.spacing
                            TouchButton {
                                objectName: "headcountMinus_" + index
                                Layout.preferredWidth: 120
                                Layout.preferredHeight: 120
                                text: "−"
                                font.pixelSize: 56
                                enabled: (modelData.count || 0) > 0
                                Accessible.name: qsTr("Retirer une personne")
                                onClicked: tab.replica.increment("headcount", modelData._id, "count", -1)
                            }
                            Label {
                                objectName: "headcountTotal_" + index
                                Layout.fillWidth: true
                                text: String(modelData.count || 0)
                                font.pixelSize: Theme.fontHuge
                                font.bold: true
                                color: Theme.text
                                horizontalAlignment: Text.AlignHCenter
                                Accessible.name: qsTr("%1 personnes").arg(text)
                            }
                            TouchButton {
                                objectName: "headcountPlus_" + index
                                Layout.preferredWidth: 120
                                Layout.preferredHeight: 120
                                primary: true
                                text: "+"
                                font.pixelSize: 56
                                Accessible.name: qsTr("Ajouter une personne")
                                onClicked: tab.replica.increment("headcount", modelData._id, "count", 1)
                            }
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 12
                            Label {
                                Layout.fillWidth: true
                                text: qsTr("Dont personnes concernées : %1").arg(modelData.count_people_concerned || 0)
                                objectName: "headcountConcerned_" + index
                                wrapMode: Text.WordWrap
                                color: Theme.textMuted
                            }
                            TouchButton {
                                objectName: "headcountConcernedMinus_" + index
                                text: "−"
                                font.pixelSize: 28
                                implicitWidth: 72
                                enabled: (modelData.count_people_concerned || 0) > 0
                                Accessible.name: qsTr("Retirer une personne concernée")
                                onClicked: tab.replica.increment("headcount", modelData._id, "count_people_concerned", -1)
                            }
                            TouchButton {
                                objectName: "headcountConcernedPlus_" + index
                                text: "+"
                                font.pixelSize: 28
                                implicitWidth: 72
                                Accessible.name: qsTr("Ajouter une personne concernée")
                                onClicked: tab.replica.increment("headcount", modelData._id, "count_people_concerned", 1)
                            }
                        }
                    }
                }
            }
        }
    }
}
