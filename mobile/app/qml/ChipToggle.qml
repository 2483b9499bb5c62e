import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material

// A checkable tag (priority, principle, value, department): large, wraps its text.
AbstractButton {
    id: chip
    checkable: true
    property int maxWidth: 480
    implicitHeight: Math.max(48, label.implicitHeight + 20)
    implicitWidth: Math.min(maxWidth, metrics.advanceWidth + 40)
    font.pixelSize: Theme.fontSmall
    Accessible.role: Accessible.CheckBox
    Accessible.name: text
    Accessible.checked: checked

    TextMetrics {
        id: metrics
        font: chip.font
        text: (chip.checked ? "✓ " : "") + chip.text
    }
    background: Rectangle {
        radius: 24
        color: chip.checked ? Theme.primary : Theme.surface
        border.color: chip.checked ? Theme.primary : Theme.border
        border.width: 2
    }
    contentItem: Label {
        id: label
        text: (chip.checked ? "✓ " : "") + chip.text
        color: chip.checked ? "white" : Theme.text
        font: chip.font
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        leftPadding: 16
        rightPadding: 16
        width: chip.width
    }
}
