import QtQuick
import QtQuick.Controls
import Terrain.Field

// A meeting's status (reference/meeting_statuses.json) as a coloured chip: in progress
// green, finished blue, cancelled red, planned neutral. The label never elides.
Rectangle {
    id: chip
    required property ReferenceData reference
    property string status: ""
    property string labelName: ""
    radius: 14
    color: status === "en_cours" ? Theme.successSurface
         : status === "terminee" ? Theme.selected
         : status === "annulee" ? Theme.errorSurface : Theme.background
    border.color: status === "en_cours" ? Theme.success
                : status === "terminee" ? Theme.primary
                : status === "annulee" ? Theme.error : Theme.border
    implicitWidth: statusText.implicitWidth + 20
    implicitHeight: Math.max(28, statusText.implicitHeight + 8)
    Accessible.role: Accessible.StaticText
    Accessible.name: statusText.text
    Label {
        id: statusText
        objectName: chip.labelName
        anchors.centerIn: parent
        text: { chip.reference.languageCode; return chip.reference.label("meeting_statuses", chip.status) }
        font.pixelSize: 14
        font.bold: chip.status === "en_cours"
        color: chip.status === "annulee" ? Theme.error : Theme.text
    }
}
