import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// One meeting, in tabs: attendance, head count, contributions, satisfaction feedback
// and, for evaluators, the evaluation grid. In kiosk mode only the feedback form shows.
Page {
    id: page
    objectName: "meetingPage"
    required property TerrainReplica replica
    required property ReferenceData reference
    required property var appWindow
    property bool portrait: false
    property string meetingId: ""
    readonly property var meeting: { replica.revision; return meetingId ? replica.get("meeting", meetingId) : ({}) }
    readonly property bool isEvaluator: replica.role === "evaluator"
    title: meeting.title || qsTr("Rencontre")
    background: Rectangle { color: Theme.background }

    function selectTab(name) {
        for (let i = 0; i < tabs.count; ++i) {
            if (tabs.itemAt(i).objectName === name) { tabs.currentIndex = i; return true }
        }
        return false
    }

    // ---- The meeting's life cycle (facilitators): planned -> in progress -> finished,
    // or cancelled (after a confirmation). A local update like any other: works offline,
    // reaches the server at the next sync, where reports count held meetings by status.
    readonly property string status: meeting.status || ""
    readonly property bool canManage: !isEvaluator && status !== ""
    function setStatus(code) {
        if (!meetingId || status === code) return true
        return replica.update("meeting", meetingId, { status: code })
    }
    function askCancel() { cancelConfirm.open() }
    function editDetails() { editDialog.openEdit(page.meeting) }

    header: ColumnLayout {
        visible: !page.appWindow.kiosk
        spacing: 0
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: headerGrid.implicitHeight + 16
            color: Theme.surface
            GridLayout {
                id: headerGrid
                x: Theme.margin
                y: 8
                width: parent.width - 2 * Theme.margin
                columns: page.portrait ? 1 : 2
                columnSpacing: Theme.spacing
                rowSpacing: 8
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 12
                    StatusChip {
                        objectName: "meetingStatus"
                        visible: page.status !== ""
                        reference: page.reference
                        status: page.status
                        labelName: "meetingStatusLabel"
                    }
                    Label {
                        id: summary
                        objectName: "meetingSummary"
                        Layout.fillWidth: true
                        verticalAlignment: Text.AlignVCenter
                        wrapMode: Text.WordWrap
                        color: Theme.textMuted
                        text: {
                            page.reference.languageCode
                            const m = page.meeting
                            if (!m.type) return ""
                            const d = Util.parseRfc3339(m.starts_at)
                            const where = m.departments && m.departments.length ? m.departments.join(", ")
                                        : m.region ? page.reference.label("regions", m.region) : qsTr("National")
                            return page.reference.label("meeting_types", m.type) + " · " + page.reference.label("meeting_formats", m.format)
                                   + (d ? " · " + Util.dateText(d) + " " + Util.timeText(d) : "") + " · " + where
                        }
                    }
                }
                RowLayout {
                    objectName: "meetingStatusControls"
                    visible: page.canManage
                    Layout.alignment: page.portrait ? Qt.AlignLeft : Qt.AlignRight
                    spacing: 12
                    TouchButton {
                        objectName: "meetingEdit"
                        text: qsTr("Modifier")
                        Accessible.name: qsTr("Modifier la rencontre")
                        onClicked: page.editDetails()
                    }
                    TouchButton {
                        objectName: "meetingStart"
                        visible: page.status === "planifiee"
                        primary: true
                        text: qsTr("Démarrer la rencontre")
                        onClicked: page.setStatus("en_cours")
                    }
                    TouchButton {
                        objectName: "meetingClose"
                        visible: page.status === "en_cours"
                        primary: true
                        text: qsTr("Clore la rencontre")
                        onClicked: page.setStatus("terminee")
                    }
                    TouchButton {
                        objectName: "meetingReopen"
                        visible: page.status === "terminee"
                        text: qsTr("Rouvrir la rencontre")
                        onClicked: page.setStatus("en_cours")
                    }
                    TouchButton {
                        objectName: "meetingRestore"
                        visible: page.status === "annulee"
                        text: qsTr("Rétablir la rencontre")
                        onClicked: page.setStatus("planifiee")
                    }
                    TouchButton {
                        objectName: "meetingCancelAsk"
                        visible: page.status === "planifiee" || page.status === "en_cours"
                        danger: true
                        flat: true
                        text: qsTr("Annuler la rencontre…")
                        onClicked: page.askCancel()
                    }
                }
            }
        }
        TabBar {
            id: tabs
            objectName: "meetingTabs"
            Layout.fillWidth: true
            font.pixelSize: Theme.fontSize
            Material.background: Theme.surface
            Material.accent: Theme.primary
            // Tabs in the order of the pages below; evaluators see the evaluation grid only.
            Repeater {
                model: {
                    page.reference.languageCode
                    // An evaluator writes evaluation grids only (protocol/roles.h).
                    if (page.isEvaluator)
                        return [{ name: "tabEvaluation", text: qsTr("Évaluation") }]
                    return [
                        { name: "tabAttendance", text: qsTr("Émargement") },
                        { name: "tabHeadcount", text: qsTr("Comptage") },
                        { name: "tabContributions", text: qsTr("Contributions") },
                        { name: "tabFeedback", text: qsTr("Satisfaction") }
                    ]
                }
                delegate: TabButton {
                    required property var modelData
                    objectName: modelData.name
                    text: modelData.text
                    height: Theme.touch
                }
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        // The evaluation grid is the last page; an evaluator's only tab.
        currentIndex: page.isEvaluator ? 4 : tabs.currentIndex
        AttendanceTab {
            replica: page.replica
            reference: page.reference
            portrait: page.portrait
            meetingId: page.meetingId
        }
        HeadcountTab {
            replica: page.replica
            reference: page.reference
            portrait: page.portrait
            meetingId: page.meetingId
        }
        ContributionsTab {
            replica: page.replica
            reference: page.reference
            portrait: page.portrait
            meetingId: page.meetingId
            meeting: page.meeting
        }
        FeedbackTab {
            replica: page.replica
            reference: page.reference
            portrait: page.portrait
            meetingId: page.meetingId
            appWindow: page.appWindow
        }
        EvaluationTab {
            replica: page.replica
            reference: page.reference
            portrait: page.portrait
            meetingId: page.meetingId
        }
    }

    // Cancelling takes the meeting out of the reports' held meetings: ask first.
    Dialog {
        id: cancelConfirm
        objectName: "meetingCancelConfirm"
        modal: true
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 32 : 640, 640)
        padding: Theme.margin
        closePolicy: Popup.CloseOnEscape
        font.pixelSize: Theme.fontSize
        title: qsTr("Annuler cette rencontre ?")
        background: Rectangle { color: Theme.surface; radius: Theme.radius }
        header: Label {
            text: cancelConfirm.title
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.primaryDark
            padding: Theme.margin
            bottomPadding: 8
            wrapMode: Text.WordWrap
        }
        contentItem: Label {
            objectName: "meetingCancelText"
            text: qsTr("La rencontre sera marquée « Annulée » : elle ne comptera plus parmi les rencontres tenues. Les présences, comptages, contributions et réponses déjà saisis sont conservés. Vous pourrez la rétablir.")
            wrapMode: Text.WordWrap
            color: Theme.text
        }
        footer: Pane {
            padding: 16
            background: Rectangle { color: Theme.surface; radius: Theme.radius }
            Flow {
                width: parent.width
                spacing: 12
                layoutDirection: Qt.RightToLeft
                TouchButton {
                    objectName: "meetingCancelConfirmed"
                    primary: true
                    danger: true
                    text: qsTr("Oui, annuler la rencontre")
                    onClicked: { if (page.setStatus("annulee")) cancelConfirm.close() }
                }
                TouchButton {
                    objectName: "meetingCancelKeep"
                    text: qsTr("Non, garder la rencontre")
                    onClicked: cancelConfirm.close()
                }
            }
        }
    }

    MeetingDialog {
        id: editDialog
        replica: page.replica
        reference: page.reference
        portrait: page.portrait
    }
}
