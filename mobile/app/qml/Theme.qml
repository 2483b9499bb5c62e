pragma Singleton
import QtQuick

// Colours and sizes of terrain-field. High contrast on a light background: tablets
// are used in bright rooms. Touch targets are at least 56 px (guideline: >= 48 px).
QtObject {
    readonly property color primary: "#174A7C"
    readonly property color primaryDark: "#0F3559"
    readonly property color accent: "#00796B"
    readonly property color background: "#F4F6F9"
    readonly property color surface: "#FFFFFF"
    readonly property color border: "#C5CCD6"
    readonly property color text: "#14181F"
    readonly property color textMuted: "#3F4956"
    readonly property color error: "#B3261E"
    readonly property color errorSurface: "#FCE8E6"
    readonly property color warning: "#7A4B00"
    readonly property color warningSurface: "#FFF1D6"
    readonly property color success: "#1E6B30"
    readonly property color successSurface: "#E3F3E6"
    readonly property color selected: "#DCE8F5"

    readonly property int touch: 56
    readonly property int touchLarge: 96
    readonly property int fontSmall: 16
    readonly property int fontSize: 18
    readonly property int fontLarge: 22
    readonly property int fontTitle: 26
    readonly property int fontHuge: 96
    readonly property int margin: 24
    readonly property int spacing: 16
    readonly property int radius: 8
}
