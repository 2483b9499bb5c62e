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

    header: ColumnLayout {
        visible: !page.appWindow.kiosk
        spacing: 0
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: summary.implicitHeight + 16
            color: Theme.surface
            Label {
                id: summary
                objectName: "meetingSummary"
                anchors.fill: parent
                anchors.leftMargin: Theme.margin
                anchors.rightMargin: Theme.margin
                verticalAlignment: Text.AlignVCenter
                elide: Text.ElideRight
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
}
