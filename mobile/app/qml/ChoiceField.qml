import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material

// A touch-friendly choice among reference items ({code, label}). `value` is the
// selected code ("" when nothing is chosen); long labels wrap, in the list and in the
// field itself (the field grows rather than cutting "Maison départementale des
// personnes handicapées (MDPH)" short). Items are named <objectName>_<code>.
ComboBox {
    id: combo
    property string value: ""
    property string placeholder: qsTr("Choisir…")
    textRole: "label"
    valueRole: "code"
    implicitHeight: Math.max(Theme.touch, shown.implicitHeight + topPadding + bottomPadding)
    topInset: 0
    bottomInset: 0
    font.pixelSize: Theme.fontSize
    displayText: currentIndex >= 0 ? currentText : placeholder
    Accessible.name: displayText

    function sync() {
        const i = indexOfValue(value)
        if (i !== currentIndex) currentIndex = i
    }
    onValueChanged: sync()
    onModelChanged: sync()
    Component.onCompleted: sync()
    onActivated: function(index) { value = String(valueAt(index)) }

    contentItem: Label {
        id: shown
        leftPadding: 12
        rightPadding: combo.indicator ? combo.indicator.width + 4 : 40
        text: combo.displayText
        font: combo.font
        wrapMode: Text.WordWrap
        verticalAlignment: Text.AlignVCenter
        color: combo.currentIndex >= 0 ? Theme.text : Theme.textMuted
    }
    background: Rectangle {
        implicitHeight: Theme.touch
        radius: 4
        color: combo.down ? Theme.selected : Theme.surface
        border.color: combo.activeFocus ? Theme.primary : Theme.border
        border.width: combo.activeFocus ? 2 : 1
    }
    delegate: ItemDelegate {
        required property var modelData
        required property int index
        objectName: combo.objectName + "_" + modelData.code
        width: ListView.view ? ListView.view.width : combo.width
        implicitHeight: Math.max(Theme.touch, contentItem.implicitHeight + 16)
        highlighted: combo.highlightedIndex === index
        contentItem: Label {
            text: modelData.label
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontSize
            font.bold: combo.currentIndex === index
            color: Theme.text
            verticalAlignment: Text.AlignVCenter
        }
    }
    popup.height: Math.min(contentHeightOf(popup), (combo.Window.height || 800) * 0.7)
    function contentHeightOf(p) { return p.contentItem.implicitHeight + p.topPadding + p.bottomPadding }
}
