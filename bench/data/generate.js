#!/usr/bin/env node
// Generates the benchmark's meeting data once, deterministically (fixed seed), into
// JSON Lines files that both sides (Terrain's C++ simulator and the PouchDB scripts)
// read, so that both store exactly the same documents.
//
//   node bench/data/generate.js <out-dir> [--meetings N] [--per-meeting N] [--seed S]
//
// Writes:
//   meetings.jsonl  one meeting per line: {"collection":"meeting","id",fields}
//   records.jsonl   records grouped by meeting, `per-meeting` lines per meeting, in the
//                   order a meeting's tablets would capture them:
//                   {"collection","id","meeting","fields"}
//   manifest.json   counts and sizes
//
// Fields follow schemas/collections/*.json. Ids are UUIDv7 (time-ordered) built from
// a fake clock and the seeded generator, so two runs give identical bytes.
'use strict';

const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const a = { out: null, meetings: 120, perMeeting: 1000, seed: 20240613 };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--meetings') a.meetings = Number(argv[++i]);
    else if (k === '--per-meeting') a.perMeeting = Number(argv[++i]);
    else if (k === '--seed') a.seed = Number(argv[++i]);
    else if (!a.out) a.out = k;
    else throw new Error(`unexpected argument ${k}`);
  }
  if (!a.out) throw new Error('usage: generate.js <out-dir> [--meetings N] [--per-meeting N] [--seed S]');
  return a;
}

// Small, fast, well-distributed 32-bit generator (mulberry32).
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let h = '';
      while (h.length < n) h += Math.floor(next() * 65536).toString(16).padStart(4, '0');
      return h.slice(0, n);
    },
  };
}

function uuidv7(ms, r) {
  const t = ms.toString(16).padStart(12, '0');
  const rand = r.hex(20);
  const variant = ((parseInt(rand[3], 16) & 0x3) | 0x8).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
}

function rfc3339(ms) {
  // Paris summer time, seconds precision.
  const d = new Date(ms + 2 * 3600 * 1000);
  return d.toISOString().slice(0, 19) + '+02:00';
}

const FIRST = ['Camille', 'Nathalie', 'Sophie', 'Isabelle', 'Marie', 'Céline', 'Julien', 'Nicolas',
  'Thomas', 'Laurent', 'Sébastien', 'Stéphane', 'Aurélie', 'Émilie', 'Hélène', 'François', 'Élodie',
  'Mathieu', 'Karim', 'Fatima', 'Yannick', 'Maëlle', 'Loïc', 'Gwenaëlle', 'Jean-Pierre', 'Anne-Sophie',
  'Mohamed', 'Léa', 'Chloé', 'Pascal', 'Véronique', 'Bernard', 'Sylvie', 'Agnès', 'Hugo', 'Manon'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy',
  'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent',
  'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet',
  'François', 'Martinez', 'Le Gall', 'Kerjean', 'Benali', 'Nguyen', 'Rakotomalala', 'Hoarau'];
const REGIONS = {
  '84': ['Auvergne-Rhône-Alpes', ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74']],
  '27': ['Bourgogne-Franche-Comté', ['21', '25', '39', '58', '70', '71', '89', '90']],
  '53': ['Bretagne', ['22', '29', '35', '56']],
  '24': ['Centre-Val de Loire', ['18', '28', '36', '37', '41', '45']],
  '94': ['Corse', ['2A', '2B']],
  '44': ['Grand Est', ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88']],
  '32': ['Hauts-de-France', ['02', '59', '60', '62', '80']],
  '11': ['Île-de-France', ['75', '77', '78', '91', '92', '93', '94', '95']],
  '28': ['Normandie', ['14', '27', '50', '61', '76']],
  '75': ['Nouvelle-Aquitaine', ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87']],
  '76': ['Occitanie', ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82']],
  '52': ['Pays de la Loire', ['44', '49', '53', '72', '85']],
  '93': ["Provence-Alpes-Côte d'Azur", ['04', '05', '06', '13', '83', '84']],
  '04': ['La Réunion', ['974']],
};
const ACTORS = ['ars', 'cd', 'mdph', 'mda', 'cnsa', 'etat', 'representant', 'personne', 'operateur', 'autre'];
const ACTOR_WEIGHTS = [14, 22, 20, 6, 4, 6, 10, 6, 10, 2];
const ROLES = ['participant', 'participant', 'participant', 'participant', 'participant',
  'participant', 'intervenant', 'animateur', 'organisateur', 'evaluateur'];
const PEOPLE = ['non', 'non', 'non', 'non', 'non', 'representant', 'personne_concernee', 'proche_aidant'];
const TYPES = ['rencontre_territoriale', 'journee_nationale', 'webinaire', 'groupe_de_pairs', 'seminaire', 'atelier'];
const SATISFACTION = ['tres_satisfait', 'satisfait', 'peu_satisfait', 'pas_du_tout_satisfait'];
const SAT_WEIGHTS = [38, 43, 14, 5];
const PRINCIPLES = ['mieux_se_connaitre', 'coordonner_nos_actions', 'territorialiser', 'simplifier',
  'partager_les_donnees', 'mesurer_notre_impact'];
const VALUES = ['confiance', 'partenariat', 'coherence', 'citoyennete', 'transparence', 'efficience'];
const WORKSHOPS = ['Atelier 1 : accès aux droits', 'Atelier 2 : vie à domicile',
  'Atelier 3 : participation des personnes', 'Atelier 4 : partage des données'];
const PHRASES = [
  'Mettre en place un guichet unique d’information dans chaque département',
  'partager les données de la MDPH avec le conseil départemental pour éviter les doubles saisies',
  'associer les personnes concernées dès la conception des réponses',
  'simplifier les formulaires de demande d’APA et de PCH',
  'organiser des rencontres régulières entre l’ARS, le CD et la MDPH',
  'renforcer l’accompagnement des proches aidants et les solutions de répit',
  'développer l’habitat inclusif dans les territoires ruraux',
  'mieux remplir ViaTrajectoire et le ROR pour connaître l’offre disponible',
  'former les équipes médico-sociales à l’autodétermination',
  'mesurer l’impact des actions avec des indicateurs partagés',
  'réduire les délais de traitement des demandes de compensation',
  'lutter contre l’isolement social des aînés par des visites à domicile',
];
const COMMENTS = ['Très bonne organisation.', 'Ateliers trop courts.', 'Échanges riches et concrets.',
  'Salle peu accessible.', 'Merci pour la qualité des interventions.', 'Plus de temps pour les questions.', ''];

function weighted(r, items, weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r.next() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

function sample(r, arr, max) {
  const n = 1 + r.int(max);
  const set = new Set();
  while (set.size < n) set.add(r.pick(arr));
  return [...set];
}

function main() {
  const args = parseArgs(process.argv);
  fs.mkdirSync(args.out, { recursive: true });
  const r = rng(args.seed);
  let clock = Date.UTC(2024, 5, 13, 7, 30, 0);  // 2024-06-13 09:30 Paris
  const regionCodes = Object.keys(REGIONS);
  const meetingsOut = [];
  const recordLines = [];
  const counts = {};
  for (let m = 0; m < args.meetings; m++) {
    const region = regionCodes[m % regionCodes.length];
    const [regionName, depts] = REGIONS[region];
    const type = TYPES[m % TYPES.length];
    const start = clock;
    const meetingId = uuidv7(start, r);
    const meeting = {
      collection: 'meeting',
      id: meetingId,
      fields: {
        type,
        format: r.pick(['presentiel', 'presentiel', 'hybride', 'distanciel']),
        title: `${type === 'rencontre_territoriale' ? 'Rencontre territoriale de l’autonomie' : 'Journée de travail'} – ${regionName} n° ${m + 1}`,
        cycle: 'Rencontres territoriales 2024',
        starts_at: rfc3339(start),
        ends_at: rfc3339(start + 7 * 3600 * 1000),
        region,
        departments: depts.slice(0, 1 + r.int(Math.min(3, depts.length))),
        venue: `Salle des conférences, ${regionName}`,
        workshops: WORKSHOPS,
        status: 'en_cours',
      },
    };
    meetingsOut.push(JSON.stringify(meeting));
    // A meeting's capture: check-ins first, then head counts, contributions during
    // the workshops, feedback at the end.
    const n = args.perMeeting;
    const nHead = Math.max(1, Math.round(n * 0.005));
    // Evaluation grids are written by evaluators' tablets only (protocol/roles.h); the
    // simulated devices are facilitators', so their meetings carry none.
    const nEval = 0;
    const nContrib = Math.round(n * 0.1);
    const nFeedback = Math.round(n * 0.3);
    const nAttendance = n - nHead - nEval - nContrib - nFeedback;
    const plan = [['attendance', nAttendance], ['headcount', nHead], ['contribution', nContrib],
      ['feedback_response', nFeedback], ['evaluation', nEval]];
    for (const [collection, k] of plan) {
      for (let i = 0; i < k; i++) {
        clock += 200 + r.int(4000);
        const fields = { meeting: meetingId };
        if (collection === 'attendance') {
          fields.actor_type = weighted(r, ACTORS, ACTOR_WEIGHTS);
          fields.consent = r.chance(0.93);
          if (fields.consent) fields.display_name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
          const dept = r.pick(depts);
          fields.organisation = {
            ars: `ARS ${regionName}`, cd: `Conseil départemental (${dept})`, mdph: `MDPH ${dept}`,
            mda: `MDA ${dept}`, cnsa: 'CNSA', etat: 'DREETS', representant: 'Association APF France handicap',
            personne: 'Collectif de personnes concernées', operateur: 'EHPAD Les Tilleuls', autre: 'Autre',
          }[fields.actor_type];
          fields.department = dept;
          fields.role = r.pick(ROLES);
          fields.people_concerned = r.pick(PEOPLE);
          fields.checked_in_at = rfc3339(clock);
        } else if (collection === 'headcount') {
          fields.label = i === 0 ? 'Plénière' : `Atelier ${i}`;
          fields.count = 40 + r.int(300);
          fields.count_people_concerned = r.int(40);
        } else if (collection === 'contribution') {
          fields.workshop = r.pick(WORKSHOPS);
          const k2 = 1 + r.int(3);
          const parts = [];
          for (let j = 0; j < k2; j++) parts.push(r.pick(PHRASES));
          fields.text = parts.join(' ; ') + '.';
          fields.priorities = sample(r, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 3).sort((a, b) => a - b);
          fields.principles = sample(r, PRINCIPLES, 2);
          fields.values = sample(r, VALUES, 2);
        } else if (collection === 'feedback_response') {
          // schemas/questionnaires/satisfaction-rencontre-territoriale-v1.json
          fields.questionnaire_id = 'satisfaction-rencontre-territoriale';
          fields.questionnaire_version = 1;
          const a = {
            satisfaction_globale: weighted(r, SATISFACTION, SAT_WEIGHTS),
            utilite: weighted(r, ['tres_utile', 'utile', 'peu_utile', 'pas_du_tout_utile'], SAT_WEIGHTS),
            atelier: r.pick(['atelier_1', 'atelier_2', 'atelier_3', 'atelier_4', 'aucun']),
          };
          if (a.atelier !== 'aucun') a.satisfaction_atelier = weighted(r, SATISFACTION, SAT_WEIGHTS);
          a.organisation = 1 + r.int(5);
          a.participer_a_nouveau = r.chance(0.85);
          if (!a.participer_a_nouveau && r.chance(0.5)) a.raison_non_participation = 'Trop loin de mon domicile.';
          if (r.chance(0.4)) a.sujets_a_approfondir = sample(r, ['acces_aux_droits', 'participation_des_personnes', 'prevention', 'parcours', 'vie_a_domicile'], 2);
          const c = r.pick(COMMENTS);
          if (c) a.commentaire = c;
          fields.answers = a;
        } else {
          // schemas/questionnaires/evaluation-grid-v1.json
          fields.evaluator_name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
          fields.questionnaire_id = 'evaluation-grid';
          fields.questionnaire_version = 1;
          const a = {
            objectifs_atteints: r.pick(['totalement', 'en_grande_partie', 'partiellement', 'pas_du_tout']),
            acteurs_representes: sample(r, ['cnsa', 'ars', 'cd', 'mdph', 'mda', 'representant', 'personne'], 5),
            participation_personnes_concernees: r.chance(0.7),
            dynamique_des_echanges: r.pick(['tres_satisfaisante', 'satisfaisante', 'peu_satisfaisante']),
            actions_de_suivi: r.chance(0.6),
            recommandation: r.pick(['reconduire', 'reconduire_avec_ajustements', 'ne_pas_reconduire']),
          };
          if (a.participation_personnes_concernees) a.modalites_participation = sample(r, ['intervention_pleniere', 'contribution_atelier', 'temoignage'], 2);
          if (a.actions_de_suivi) a.actions_de_suivi_detail = 'Un groupe de travail départemental se réunira au prochain trimestre.';
          a.priorites_abordees = sample(r, ['priorite_1', 'priorite_3', 'priorite_4', 'priorite_7', 'priorite_9'], 3);
          fields.answers = a;
          fields.completed_at = rfc3339(clock);
        }
        recordLines.push(JSON.stringify({ collection, id: uuidv7(clock, r), meeting: meetingId, fields }));
        counts[collection] = (counts[collection] || 0) + 1;
      }
    }
    clock += 3600 * 1000;
  }
  fs.writeFileSync(path.join(args.out, 'meetings.jsonl'), meetingsOut.join('\n') + '\n');
  const recordsText = recordLines.join('\n') + '\n';
  fs.writeFileSync(path.join(args.out, 'records.jsonl'), recordsText);
  const manifest = {
    seed: args.seed, meetings: args.meetings, per_meeting: args.perMeeting,
    records: recordLines.length, counts, records_bytes: Buffer.byteLength(recordsText),
  };
  fs.writeFileSync(path.join(args.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(JSON.stringify(manifest) + '\n');
}

main();
