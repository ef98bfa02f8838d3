# La liste de collecte : ce qu’une équipe prend sur un festival, et ce qu’elle laisse.
collect-title = Quoi collecter
collect-title-short = Collecte
collect-for-warehouse = Pour l’entrepôt
collect-on = Le
collect-show = Afficher
collect-take = À prendre :
collect-take-nothing = Rien : chaque besoin déclaré par les sites est couvert par le stock de { $warehouse }.
collect-up-to = jusqu’à { $n }
collect-leave = À laisser :
collect-rest = Le reste : aucun site ne l’a demandé.
collect-from-priorities = Pour { $warehouse } le { $date }, d’après les priorités du collectif (version { $version }) :
collect-read-them = Les lire
collect-error-date = la date doit s’écrire comme 2026-12-01
collect-no-warehouse = il n’y a pas encore d’entrepôt
collect-reason-unneeded = { $name } : aucun site n’en a besoin
collect-reason-needed = { $sites ->
    [one] { $name } : { $n } demandés sur { $sites } site
   *[other] { $name } : { $n } demandés sur { $sites } sites
}
collect-reason-covered = { $needed }, tout est couvert par le stock
collect-reason-no-stock = rien en stock
collect-reason-stock = { $n } en stock
collect-reason-tier = priorité de niveau { $n }
collect-reason-season = priorité « { $season } » ×{ $factor }
