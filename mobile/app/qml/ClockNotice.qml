import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A notice, not an error: the tablet's clock was wrong and enrolment or the last sync
// corrected it from the server's time (clock_corrected_ms of the core's answer,
// negative when the clock was ahead). Hidden when nothing was corrected.
Rectangle {
    id: notice
    property var correctedMs: 0
    readonly property real amount: Math.abs(Number(correctedMs) || 0)
    readonly property bool shown: amount > 0
    visible: shown
    radius: Theme.radius
    color: Theme.warningSurface
    border.color: Theme.warning
    border.width: 2
    implicitHeight: shown ? column.implicitHeight + 32 : 0
    Accessible.role: Accessible.AlertMessage
    Accessible.name: shown ? message.text : ""

    // The largest unit that reads naturally: 3 days, 5 hours, 20 minutes, 40 seconds.
    function durationText(ms) {
        const second = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        const unit = ms >= 1.5 * day ? day : ms >= 1.5 * hour ? hour : ms >= 1.5 * minute ? minute : second
        const n = Math.max(1, Math.round(ms / unit))
        if (unit === day) return qsTr("%n jour(s)", "", n)
        if (unit === hour) return qsTr("%n heure(s)", "", n)
        if (unit === minute) return qsTr("%n minute(s)", "", n)
        return qsTr("%n seconde(s)", "", n)
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 16
        spacing: 6
        Label {
            id: message
            objectName: "clockNoticeText"
            Layout.fillWidth: true
            text: notice.shown
                  ? (Number(notice.correctedMs) < 0
                     ? qsTr("L'horloge de la tablette était en avance de %1 ; elle a été corrigée pour la synchronisation.")
                     : qsTr("L'horloge de la tablette était en retard de %1 ; elle a été corrigée pour la synchronisation."))
                    .arg(notice.durationText(notice.amount))
                  : ""
            font.pixelSize: Theme.fontSize
            font.bold: true
            color: Theme.warning
            wrapMode: Text.WordWrap
        }
        Label {
            objectName: "clockNoticeAction"
            Layout.fillWidth: true
            text: notice.shown ? qsTr("Rien n'est perdu. Pour éviter que cela se reproduise, activez la date et l'heure automatiques dans les réglages de la tablette.") : ""
            font.pixelSize: Theme.fontSize
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
}
