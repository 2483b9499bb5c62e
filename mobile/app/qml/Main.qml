import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field

// terrain-field's window: a toolbar (back, title, sync state, language) over a stack of
// pages. Enrolment comes first on a new tablet; then the meetings. In kiosk mode
// (satisfaction feedback) the toolbar and every way out are hidden.
ApplicationWindow {
    id: window
    objectName: "mainWindow"
    required property TerrainReplica replica
    required property ReferenceData reference
    required property Language language
    property int kioskHoldMs: 1500
    property int kioskPinMin: 4
    property int kioskPinMax: 8
    property bool kiosk: false
    readonly property bool portrait: height > width

    width: 1280
    height: 800
    visible: true
    title: qsTr("Terrain")
    color: Theme.background
    font.pixelSize: Theme.fontSize
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.accent
    Material.foreground: Theme.text
    Material.background: Theme.background
    locale: Qt.locale(language.locale)

    function openMeeting(id) {
        stack.push(meetingComponent, { meetingId: id })
    }
    function openSync() {
        if (stack.currentItem && stack.currentItem.objectName === "syncPage") return
        stack.push(syncComponent)
    }
    function showMeetings() {
        stack.clear()
        stack.push(meetingsComponent)
    }
    function back() {
        if (!kiosk && stack.depth > 1) stack.pop()
    }

    header: ToolBar {
        id: toolbar
        objectName: "toolbar"
        visible: !window.kiosk
        height: visible ? 64 : 0
        Material.foreground: "white"
        background: Rectangle { color: Theme.primary }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 8
            spacing: 8
            ToolButton {
                objectName: "backButton"
                visible: stack.depth > 1
                text: "‹ " + qsTr("Retour")
                font.pixelSize: Theme.fontSize
                Layout.preferredHeight: 56
                Accessible.name: qsTr("Retour")
                onClicked: window.back()
            }
            Label {
                objectName: "windowTitle"
                Layout.fillWidth: true
                Layout.leftMargin: stack.depth > 1 ? 0 : 16
                text: stack.currentItem && stack.currentItem.title ? stack.currentItem.title : qsTr("Terrain")
                font.pixelSize: text.length > 48 && window.portrait ? Theme.fontSize : Theme.fontLarge
                font.bold: true
                wrapMode: Text.WordWrap
                maximumLineCount: 2
                elide: Text.ElideRight
                color: "white"
            }
            ToolButton {
                id: syncButton
                objectName: "syncButton"
                visible: window.replica.enrolled
                Layout.preferredHeight: 56
                font.pixelSize: Theme.fontSmall
                text: window.replica.syncing ? qsTr("Synchronisation…")
                    : window.replica.waitingChangeSets > 0
                      ? qsTr("%n envoi(s) en attente", "", window.replica.waitingChangeSets)
                      : qsTr("À jour")
                icon.source: ""
                Accessible.name: qsTr("Synchronisation : %1").arg(text)
                onClicked: window.openSync()
                contentItem: RowLayout {
                    spacing: 8
                    Rectangle {
                        width: 14; height: 14; radius: 7
                        color: window.replica.serverReachable ? "#7CE08A" : "#FFB4A9"
                        border.color: "white"
                        border.width: 1
                    }
                    Label {
                        text: syncButton.text
                        color: "white"
                        font: syncButton.font
                    }
                    Rectangle {
                        visible: window.replica.conflictCount > 0
                        width: conflictLabel.implicitWidth + 12; height: 24; radius: 12
                        color: "#FFD54F"
                        Label {
                            id: conflictLabel
                            anchors.centerIn: parent
                            text: qsTr("%n conflit(s)", "", window.replica.conflictCount)
                            color: Theme.text
                            font.pixelSize: 14
                        }
                    }
                }
            }
            ToolButton {
                objectName: "languageButton"
                Layout.preferredHeight: 56
                Layout.preferredWidth: 64
                text: window.language.code === "fr" ? "EN" : "FR"
                font.pixelSize: Theme.fontSize
                font.bold: true
                Accessible.name: window.language.code === "fr" ? "English" : "Français"
                onClicked: window.language.setLanguage(window.language.code === "fr" ? "en" : "fr")
            }
        }
    }

    StackView {
        id: stack
        objectName: "stack"
        anchors.fill: parent
        initialItem: window.replica.enrolled ? meetingsComponent : enrolmentComponent
    }

    // A write error (validation, storage) shown over any page until dismissed.
    Popup {
        id: writeError
        objectName: "writeErrorPopup"
        property var err: window.replica.lastError
        visible: err.title !== undefined && !window.kiosk
        closePolicy: Popup.NoAutoClose
        x: (window.width - width) / 2
        y: window.height - height - 24
        width: Math.min(window.width - 48, 720)
        padding: 0
        background: Item {}
        contentItem: ColumnLayout {
            spacing: 0
            ErrorBanner { Layout.fillWidth: true; error: writeError.err }
            TouchButton {
                objectName: "writeErrorDismiss"
                Layout.alignment: Qt.AlignRight
                text: qsTr("Compris")
                onClicked: window.replica.clearLastError()
            }
        }
    }

    Component {
        id: enrolmentComponent
        EnrolmentPage {
            replica: window.replica
            reference: window.reference
            onContinueRequested: window.showMeetings()
        }
    }
    Component {
        id: meetingsComponent
        MeetingsPage {
            replica: window.replica
            reference: window.reference
            portrait: window.portrait
            onMeetingChosen: function(id) { window.openMeeting(id) }
        }
    }
    Component {
        id: meetingComponent
        MeetingPage {
            replica: window.replica
            reference: window.reference
            portrait: window.portrait
            appWindow: window
        }
    }
    Component {
        id: syncComponent
        SyncPage {
            replica: window.replica
            reference: window.reference
            portrait: window.portrait
        }
    }

    // Android's back key: never leaves kiosk mode.
    onClosing: function(close) {
        if (window.kiosk) close.accepted = false
    }
}
