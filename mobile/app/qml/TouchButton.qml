import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material

// A button sized for fingers: at least Theme.touch high, high-contrast colours that
// stay readable in a bright room, text never clipped (the button grows with it).
Button {
    id: control
    property bool primary: false
    property bool danger: false
    implicitHeight: Math.max(Theme.touch, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: Math.max(Theme.touch, implicitContentWidth + leftPadding + rightPadding)
    topInset: 0
    bottomInset: 0
    leftInset: 0
    rightInset: 0
    leftPadding: 20
    rightPadding: 20
    topPadding: 8
    bottomPadding: 8
    font.pixelSize: Theme.fontSize
    font.capitalization: Font.MixedCase
    font.bold: primary

    readonly property color ink: !enabled ? "#6B737D"
                                 : primary ? "white"
                                 : danger ? Theme.error : Theme.primary

    background: Rectangle {
        radius: 6
        color: !control.enabled ? (control.flat ? "transparent" : "#E1E5EA")
             : control.primary ? (control.danger ? (control.down ? "#8C1D18" : Theme.error)
                                                 : (control.down ? Theme.primaryDark : Theme.primary))
             : control.down ? Theme.selected
             : control.flat ? "transparent" : Theme.surface
        border.width: control.flat || control.primary ? 0 : 2
        border.color: !control.enabled ? "#C5CCD6" : control.danger ? Theme.error : Theme.primary
    }
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.ink
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
}
