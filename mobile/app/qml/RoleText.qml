pragma Singleton
import QtQuick

// Words for the device's role and scope as granted at enrolment.
QtObject {
    function role(code) {
        switch (code) {
        case "facilitator": return qsTr("Animateur")
        case "evaluator": return qsTr("Évaluateur")
        case "admin": return qsTr("Administrateur")
        case undefined: case null: case "": return qsTr("Non inscrit")
        default: return code
        }
    }
    // scope: {"cycle": "..."} or {"meetings": [...]} (server/src/store), or absent.
    function scope(s, reference) {
        if (s === undefined || s === null || s === "") return qsTr("Aucun")
        if (typeof s === "string") {
            try { s = JSON.parse(s) } catch (e) { return s }
        }
        const parts = []
        if (s.cycle) parts.push(qsTr("Cycle « %1 »").arg(s.cycle))
        if (s.meetings) parts.push(qsTr("%n rencontre(s) désignée(s)", "", s.meetings.length))
        if (s.regions) parts.push(s.regions.map(function(r) { return reference.label("regions", r) || r }).join(", "))
        if (s.departments) parts.push(s.departments.map(function(d) { return d + " " + (reference.label("departments", d) || "") }).join(", "))
        return parts.length ? parts.join(" · ") : qsTr("Toutes les rencontres")
    }
}
