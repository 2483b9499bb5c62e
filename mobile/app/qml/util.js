.pragma library

// Small helpers shared by the screens (dates, questionnaires). No personal data here.

function pad2(n) { return (n < 10 ? "0" : "") + n }

// RFC 3339 with seconds and the device's UTC offset, as the schemas require.
function rfc3339(d) {
    const off = -d.getTimezoneOffset()
    const sign = off >= 0 ? "+" : "-"
    const a = Math.abs(off)
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate()) +
           "T" + pad2(d.getHours()) + ":" + pad2(d.getMinutes()) + ":" + pad2(d.getSeconds()) +
           sign + pad2(Math.floor(a / 60)) + ":" + pad2(a % 60)
}

// Parses "JJ/MM/AAAA" and "HH:MM" typed by a facilitator; null when invalid.
function parseDateTime(dateText, timeText) {
    const dm = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(dateText || "")
    const tm = /^\s*(\d{1,2})[:h](\d{2})\s*$/.exec(timeText || "09:00")
    if (!dm || !tm) return null
    const d = new Date(+dm[3], +dm[2] - 1, +dm[1], +tm[1], +tm[2], 0)
    if (d.getDate() !== +dm[1] || d.getMonth() !== +dm[2] - 1 || +tm[1] > 23 || +tm[2] > 59) return null
    return d
}

function dateText(d) { return pad2(d.getDate()) + "/" + pad2(d.getMonth() + 1) + "/" + d.getFullYear() }
function timeText(d) { return pad2(d.getHours()) + ":" + pad2(d.getMinutes()) }

// "2024-06-13T09:30:00+02:00" -> Date (local), or null.
function parseRfc3339(s) {
    if (!s) return null
    const d = new Date(s)
    return isNaN(d.getTime()) ? null : d
}

// Whether a question is shown given the answers so far (show_if: equals / in).
function isShown(question, answers) {
    const cond = question.show_if
    if (!cond) return true
    const v = answers[cond.question]
    if (v === undefined) return false
    if (cond.equals !== undefined) return v === cond.equals
    if (cond["in"] !== undefined) return cond["in"].indexOf(v) >= 0
    return true
}

// Answers of shown questions only (answers to hidden questions are dropped).
function visibleAnswers(definition, answers) {
    const out = {}
    for (const q of definition.questions) {
        if (!isShown(q, out)) continue
        const v = answers[q.id]
        if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) continue
        out[q.id] = v
    }
    return out
}

// Ids of required questions that are shown and not answered.
function missingRequired(definition, answers) {
    const shown = visibleAnswers(definition, answers)
    const missing = []
    for (const q of definition.questions) {
        if (!q.required || !isShown(q, shown)) continue
        if (shown[q.id] === undefined) missing.push(q.id)
    }
    return missing
}

// The newest non-retired definition for an audience ("participants" / "evaluators"),
// preferring records received from the server over the ones bundled with the app.
// `records` are questionnaire records, `bundled` plain definitions.
function pickQuestionnaires(records, bundled, audience) {
    const best = {}
    function consider(def, retired) {
        if (!def || def.audience !== audience) return
        const cur = best[def.id]
        if (retired) { if (cur && cur.version === def.version) delete best[def.id]; return }
        if (!cur || def.version > cur.version) best[def.id] = def
    }
    for (const b of bundled) consider(b, false)
    for (const r of records) consider(r.definition, r.retired === true)
    const out = []
    for (const k in best) out.push(best[k])
    out.sort(function(a, b) { return a.id < b.id ? -1 : 1 })
    return out
}
