# La page de distribution : le stock d’un site, les compteurs, ce qui a été demandé, le bilan du jour.
handouts-title = Distribution
handouts-no-sites = Il n’y a pas encore de site : une coordinatrice ou un coordinateur les ajoute.
handouts-site = Site
handouts-show = Afficher
handouts-in-stock-at = En stock à { $site }
handouts-update = Mettre à jour
handouts-day = Jour
handouts-handed-out = Distribué
handouts-nothing-to-give = Rien ici ne peut être distribué pour l’instant. Notez plus bas ce que les gens ont demandé.
handouts-have = { $n } en stock
handouts-unmet-summary = Demandé mais pas disponible
handouts-unmet-count = ({ $n })
handouts-unmet-intro = Comptez ce que les gens ont demandé et que le site n’avait pas : c’est la preuve pour la prochaine déclaration de besoin du site.
handouts-note = Remarque (facultative ; jamais de noms ni de numéros de personnes)
handouts-update-total = Mettre à jour le total
handouts-total-items = { $n ->
    [one] article
   *[other] articles
}
handouts-total-asked = demandés
handouts-total-as-of = à la dernière mise à jour
handouts-save = Enregistrer
handouts-one-fewer = Un de moins : { $category }
handouts-one-more = Un de plus : { $category }
handouts-asked-label = { $category } (demandé)
handouts-day-heading = { $site }, le { $day }
handouts-day-nothing = Rien d’enregistré pour ce jour.
handouts-day-counts = { $handouts ->
    [one] { $handouts } distribution enregistrée
   *[other] { $handouts } distributions enregistrées
} : { $items ->
    [one] { $items } article distribué.
   *[other] { $items } articles distribués.
}
handouts-col-category = Catégorie
handouts-col-given = Distribué
handouts-col-asked = Demandé, absent
handouts-no-such-site = Il n’y a pas de site « { $site } » ; choisissez-en un dans la liste.
handouts-saved-short = Distribution n° { $id } enregistrée à { $site }.
handouts-saved = { $n ->
    [one] { $n } article distribué à { $site }
   *[other] { $n } articles distribués à { $site }
}
handouts-saved-given = { $said } : { $lines }.
handouts-saved-none = { $said }.
handouts-saved-asked = Demandé mais absent : { $lines }.
handouts-error-in = { $field } : { $problem }
handouts-error-only = Seulement { $n } ici à distribuer.
handouts-error-short = Pas assez sur le site pour cette distribution (voir plus bas). Notez plutôt ce qui manque comme demandé.
handouts-error-empty = Comptez au moins un article distribué, ou un article demandé mais pas disponible.
handouts-error-pick-site = Choisissez d’abord un site.
handouts-error-date = La date doit avoir la forme 2026-08-30.
handouts-error-date-range = Le jour doit être entre le 2000-01-01 et demain.
handouts-again-title = Identique à la distribution enregistrée à { $time } : l’enregistrer de nouveau ?
handouts-again-text = Vous avez enregistré une distribution avec exactement ces nombres à { $site } il y a moins de { $minutes } minutes. Ne l’enregistrez de nouveau que s’il s’agit d’une seconde distribution, distincte.
handouts-again-save = Enregistrer de nouveau
handouts-sites = Sites
handouts-total-to-fix = { $n ->
    [one] 1 case à corriger
   *[other] { $n } cases à corriger
}
