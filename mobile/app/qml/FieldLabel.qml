import QtQuick
import QtQuick.Controls

// The label above a form field.
Label {
    font.pixelSize: Theme.fontSmall
    font.bold: true
    color: Theme.textMuted
    wrapMode: Text.WordWrap
    Accessible.role: Accessible.StaticText
}
