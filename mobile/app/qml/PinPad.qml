import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A large digit pad for the facilitator's kiosk PIN. Digits are never shown, only dots.
ColumnLayout {
    id: pad
    property string pin: ""
    property int maxDigits: 8
    property string prompt: ""
    property string errorText: ""
    signal accepted(string pin)
    signal cancelled()
    spacing: 12

    function clear() { pin = "" }

    Label {
        Layout.fillWidth: true
        text: pad.prompt
        font.pixelSize: Theme.fontLarge
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        color: Theme.text
    }
    Label {
        objectName: "pinDots"
        Layout.fillWidth: true
        text: pad.pin.length > 0 ? "●".repeat(pad.pin.length) : " "
        font.pixelSize: 36
        horizontalAlignment: Text.AlignHCenter
        color: Theme.primary
    }
    Label {
        objectName: "pinError"
        Layout.fillWidth: true
        visible: pad.errorText.length > 0
        text: pad.errorText
        color: Theme.error
        font.pixelSize: Theme.fontSize
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
    }
    GridLayout {
        Layout.alignment: Qt.AlignHCenter
        columns: 3
        rowSpacing: 10
        columnSpacing: 10
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
            delegate: TouchButton {
                required property string modelData
                objectName: "pinKey_" + (modelData === "⌫" ? "back" : modelData)
                text: modelData === "OK" ? qsTr("Valider") : modelData
                primary: modelData === "OK"
                implicitWidth: 104
                implicitHeight: 72
                // "Valider" in bold needs the width of the key: narrow side padding.
                leftPadding: 8
                rightPadding: 8
                font.pixelSize: modelData === "OK" ? Theme.fontSize : 30
                enabled: modelData !== "OK" || pad.pin.length > 0
                Accessible.name: modelData === "⌫" ? qsTr("Effacer un chiffre") : text
                onClicked: {
                    pad.errorText = ""
                    if (modelData === "⌫") pad.pin = pad.pin.slice(0, -1)
                    else if (modelData === "OK") pad.accepted(pad.pin)
                    else if (pad.pin.length < pad.maxDigits) pad.pin += modelData
                }
            }
        }
    }
    TouchButton {
        objectName: "pinCancel"
        Layout.alignment: Qt.AlignHCenter
        text: qsTr("Annuler")
        flat: true
        onClicked: { pad.clear(); pad.cancelled() }
    }
}
