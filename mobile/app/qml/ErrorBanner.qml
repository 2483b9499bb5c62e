import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A plain-language error: what failed (title), what to do (action), and the stable
// code in small print for support. Hidden when `error` is empty.
Rectangle {
    id: banner
    property var error: ({})
    property bool warning: false
    readonly property bool shown: error !== undefined && error !== null && error.title !== undefined
    visible: shown
    radius: Theme.radius
    color: warning ? Theme.warningSurface : Theme.errorSurface
    border.color: warning ? Theme.warning : Theme.error
    border.width: 2
    implicitHeight: shown ? column.implicitHeight + 32 : 0
    Accessible.role: Accessible.AlertMessage
    Accessible.name: shown ? error.title : ""

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 16
        spacing: 6
        Label {
            objectName: "errorTitle"
            Layout.fillWidth: true
            text: banner.shown ? banner.error.title : ""
            font.pixelSize: Theme.fontSize
            font.bold: true
            color: banner.warning ? Theme.warning : Theme.error
            wrapMode: Text.WordWrap
        }
        Label {
            objectName: "errorAction"
            Layout.fillWidth: true
            text: banner.shown ? banner.error.action : ""
            font.pixelSize: Theme.fontSize
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Label {
            objectName: "errorCode"
            Layout.fillWidth: true
            text: banner.shown ? qsTr("Code : %1").arg(banner.error.code) : ""
            font.pixelSize: 14
            color: Theme.textMuted
        }
    }
}
