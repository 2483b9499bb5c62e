#include "error_text.h"

#include <QCoreApplication>

#include "terrain/terrain.h"

namespace terrain::field {
namespace {

QString tr(const char* text) {
  return QCoreApplication::translate("ErrorText", text);
}

struct Text {
  QString title;
  QString action;
};

Text terrainText(int code, const QString& context) {
  const bool enrol = context == QLatin1String("enrol");
  switch (code) {
    case TERRAIN_ERR_ENROLMENT_CODE_INVALID:
      return {tr("Ce code d'inscription n'est pas reconnu par le serveur."),
              tr("Vérifiez le code saisi (quatre groupes de quatre caractères) et l'adresse du "
                 "serveur, ou demandez un nouveau code à l'équipe centrale de la CNSA.")};
    case TERRAIN_ERR_ENROLMENT_CODE_EXPIRED:
      return {tr("Ce code d'inscription a expiré."),
              tr("Demandez un nouveau code à l'équipe centrale de la CNSA : un code ne sert "
                 "que pendant une durée limitée.")};
    case TERRAIN_ERR_ENROLMENT_CODE_USED:
      return {tr("Ce code d'inscription a déjà servi à inscrire une autre tablette."),
              tr("Chaque code n'inscrit qu'une tablette : demandez un nouveau code à l'équipe "
                 "centrale de la CNSA.")};
    case TERRAIN_ERR_NETWORK:
      return {tr("Le serveur est injoignable."),
              enrol ? tr("Vérifiez la connexion (Wi-Fi ou 4G) et l'adresse du serveur, puis "
                         "réessayez.")
                    : tr("Vérifiez la connexion (Wi-Fi ou 4G). Vos saisies restent sur la "
                         "tablette : la synchronisation reprendra dès que le serveur répondra.")};
    case TERRAIN_ERR_CERTIFICATE:
      return {tr("Le certificat du serveur n'est pas reconnu : la connexion n'est pas sûre."),
              tr("Vérifiez l'adresse du serveur (elle commence par https://). Si elle est "
                 "correcte, contactez le support : n'utilisez pas un autre réseau non "
                 "sécurisé.")};
    case TERRAIN_ERR_DEVICE_REVOKED:
      return {tr("Cette tablette a été révoquée par l'équipe centrale."),
              tr("Rendez la tablette à la CNSA ou contactez l'équipe centrale pour la "
                 "réinscrire.")};
    case TERRAIN_ERR_UNKNOWN_DEVICE:
    case TERRAIN_ERR_UNAUTHORIZED:
      return {tr("Le serveur ne reconnaît pas cette tablette."),
              tr("Contactez l'équipe centrale : la tablette doit être réinscrite avec un "
                 "nouveau code.")};
    case TERRAIN_ERR_NOT_ENROLLED:
      return {tr("Cette tablette n'est pas encore inscrite."),
              tr("Ouvrez l'écran d'inscription et saisissez le code fourni par la CNSA.")};
    case TERRAIN_ERR_RATE_LIMITED:
      return {tr("Trop de tentatives en peu de temps."),
              tr("Patientez quelques minutes, puis réessayez.")};
    case TERRAIN_ERR_SERVER_ERROR:
      return {tr("Le serveur a rencontré un problème."),
              tr("Réessayez plus tard. Vos saisies restent sur la tablette.")};
    case TERRAIN_ERR_CLOCK_AHEAD:
      return {tr("L'horloge de la tablette est en avance."),
              tr("Corrigez la date et l'heure dans les réglages de la tablette (réglage "
                 "automatique), puis synchronisez.")};
    case TERRAIN_ERR_CLOCK_SKEW:
      return {tr("L'horloge de la tablette est trop décalée par rapport à celle du serveur."),
              tr("Synchronisez à nouveau : la tablette a appris l'heure du serveur. Si le "
                 "message revient, activez la date et l'heure automatiques dans les réglages "
                 "de la tablette.")};
    case TERRAIN_ERR_EPOCH_MISMATCH:
      return {tr("Le serveur a été restauré depuis une sauvegarde."),
              tr("Synchronisez à nouveau : la tablette renverra ce qui manque au serveur.")};
    case TERRAIN_ERR_OUT_OF_SCOPE:
    case TERRAIN_ERR_FORBIDDEN:
      return {tr("Cette action sort du périmètre confié à la tablette."),
              tr("Vérifiez la réunion choisie, ou demandez à l'équipe centrale d'élargir le "
                 "périmètre.")};
    case TERRAIN_ERR_QUARANTINED:
      return {tr("Des saisies ont été mises de côté par le serveur pour vérification."),
              tr("Rien n'est perdu : l'équipe centrale va les examiner.")};
    case TERRAIN_ERR_SCHEMA_VIOLATION:
    case TERRAIN_ERR_INVALID_ARGUMENT:
    case TERRAIN_ERR_UNKNOWN_FIELD:
    case TERRAIN_ERR_MALFORMED:
    case TERRAIN_ERR_INVALID_UTF8:
      return {tr("La saisie est incomplète ou invalide."),
              tr("Vérifiez les champs obligatoires, puis enregistrez à nouveau.")};
    case TERRAIN_ERR_TOO_LARGE:
    case TERRAIN_ERR_TOO_DEEP:
      return {tr("La saisie est trop longue."), tr("Raccourcissez le texte, puis enregistrez.")};
    case TERRAIN_ERR_NOT_FOUND:
      return {tr("Cet élément est introuvable."),
              tr("Il a peut-être été supprimé depuis une autre tablette. Synchronisez pour "
                 "mettre à jour la liste.")};
    case TERRAIN_ERR_STORAGE:
    case TERRAIN_ERR_IO:
      return {tr("La tablette n'a pas pu enregistrer."),
              tr("Vérifiez l'espace de stockage libre, puis réessayez.")};
    case TERRAIN_ERR_UNSUPPORTED_VERSION:
      return {tr("Cette version de l'application est trop ancienne pour le serveur."),
              tr("Mettez à jour l'application Terrain, puis synchronisez.")};
    case TERRAIN_ERR_CONFLICT:
      return {tr("Cette modification entre en conflit avec une autre."),
              tr("Synchronisez, puis consultez les conflits dans l'écran Synchronisation.")};
    default:
      return {tr("Une erreur inattendue s'est produite."),
              tr("Réessayez. Si le problème persiste, contactez le support en indiquant le "
                 "code affiché.")};
  }
}

Text httpText(int status) {
  if (status >= 500)
    return {tr("Le serveur a rencontré un problème."),
            tr("Réessayez plus tard. Vos saisies restent sur la tablette.")};
  if (status == 404)
    return {tr("L'adresse ne correspond pas à un serveur Terrain."),
            tr("Vérifiez l'adresse du serveur.")};
  return {tr("Le serveur a refusé la demande."),
          tr("Réessayez. Si le problème persiste, contactez le support en indiquant le code "
             "affiché.")};
}

}  // namespace

QString errorCodeName(const ErrorValue& e) {
  switch (e.domain) {
    case TERRAIN_DOMAIN_TERRAIN:
      return QString::fromUtf8(terrain_error_code_name(e.code));
    case TERRAIN_DOMAIN_HTTP:
      return QStringLiteral("http_%1").arg(e.code);
    case TERRAIN_DOMAIN_SQLITE:
      return QStringLiteral("sqlite_%1").arg(e.code);
    default:
      return QStringLiteral("error_%1_%2").arg(e.domain).arg(e.code);
  }
}

QVariantMap describeError(const ErrorValue& e) {
  if (!e.isError()) return {};
  Text t;
  bool transient = false;
  switch (e.domain) {
    case TERRAIN_DOMAIN_TERRAIN: {
      t = terrainText(e.code, e.context);
      terrain_error probe{e.domain, e.code, nullptr};
      transient = terrain_error_is_transient(&probe);
      break;
    }
    case TERRAIN_DOMAIN_HTTP:
      t = httpText(e.code);
      transient = e.code >= 500 || e.code == 429;
      break;
    case TERRAIN_DOMAIN_SQLITE:
      t = terrainText(TERRAIN_ERR_STORAGE, e.context);
      transient = true;
      break;
    default:
      t = terrainText(TERRAIN_ERR_INTERNAL, e.context);
      break;
  }
  return {{QStringLiteral("code"), errorCodeName(e)},
          {QStringLiteral("title"), t.title},
          {QStringLiteral("action"), t.action},
          {QStringLiteral("detail"), e.message},
          {QStringLiteral("transient"), transient}};
}

}  // namespace terrain::field
