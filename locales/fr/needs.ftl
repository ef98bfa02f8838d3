# La page des besoins : par site, ce qu’il a demandé et ce qui manque encore ; ce qui a été demandé aux distributions.
needs-title = Besoins
needs-intro = Ce dont chaque site a dit avoir besoin, et ce qui manque encore : la demande, moins ce qui est arrivé sur le site depuis, moins ce qui est en route.
needs-state-link-site = Déclarer un besoin pour { $site }
needs-no-sites = Il n’y a pas encore de site.
needs-saved-replacing = Enregistré : { $site } a besoin de { $wanted } × { $category } (avant : { $was }, déclaré par { $was_by } le { $was_on } ; gardé dans l’historique).
needs-saved = Enregistré : { $site } a besoin de { $wanted } × { $category }.
needs-saved-older = Gardé dans l’historique : { $site } a déjà une déclaration plus récente pour { $category }.
needs-items-unmet = { $n ->
    [one] { $n } article manquant
   *[other] { $n } articles manquants
}
needs-none-stated = Aucun besoin déclaré pour l’instant.
needs-table-label = Besoins de { $site }
needs-col-category = Catégorie
needs-col-stated = Demandé
needs-col-delivered = Livré
needs-col-delivered-short = Livré
needs-col-transit = En route
needs-col-unmet = Manque
needs-stated-by-on = { $by }, { $on }
needs-needed-by = ; pour le { $date }
needs-earlier = Déclarations précédentes ({ $n })
needs-earlier-line = { $category } : { $wanted } — { $by }, { $on }
needs-period-week = cette semaine (depuis le { $since })
needs-period-days = ces { $days } derniers jours (depuis le { $since })
needs-evidence-heading = Demandé aux distributions, { $period }
needs-evidence-asked = demandé :
needs-evidence-none-available = { $period }, rien de disponible
needs-evidence-at = { $n ->
    [one] — à { $n } distribution, le { $first }
   *[other] — à { $n } distributions, du { $first }
}
needs-evidence-to = au { $last }
needs-stated-by-label = Déclaré par
needs-evidence-by = { $handle }, d’après les distributions
needs-evidence-state = Déclarer un besoin de { $n } { $category } pour { $site }
needs-evidence-stated-now = Déclaré à ce jour : { $wanted } ({ $by }, { $on })
needs-evidence-kept = Cette déclaration reste dans l’historique ; un choix ci-dessous en crée une nouvelle.
needs-evidence-add = Ajouter { $n } { $category } au besoin de { $site } : { $from } → { $to }
needs-evidence-raise = Porter le besoin de { $site } en { $category } à { $n } : { $from } → { $to }
needs-evidence-no-raise = (Les { $wanted } déclarés dépassent déjà { $n } : seul un ajout les augmente.)
needs-chart-title = Besoins de { $site } : livré, en route et manquant
needs-chart-bar = { $category } : { $unmet } manquants sur { $wanted }
needs-key-delivered = livré
needs-key-transit = en route
needs-key-unmet = manquant
needs-form-heading-site = Déclarer un besoin pour { $site }
needs-form-intro = Tel que le site l’a dit. Une déclaration plus récente pour le même site et la même catégorie remplace l’ancienne, qui reste dans l’historique.
needs-form-category = Catégorie
needs-form-quantity = Combien
needs-form-stated-by = Déclaré par (l’assemblée du site, le collectif ou vous — jamais une personne aidée)
needs-form-stated-by-example = Assemblée du site du Chêne
needs-form-stated-on = Déclaré le
needs-form-needed-by = Pour le (facultatif)
needs-form-save = Enregistrer le besoin
needs-field-needed-by = « Pour le »
needs-error-date = { $field } doit être une date comme 2026-11-20.
needs-error-quantity = Combien : { $problem }
needs-error-choice = choix inconnu « { $choice } » : ajouter ou porter à
needs-error-damaged = le formulaire est abîmé : rechargez la page
# Beside a need in force: the statement it replaced, and the way to every statement.
needs-was = avant : { $wanted }, déclaré par { $by } le { $on }
needs-earlier-link = Déclarations précédentes de ce besoin
needs-taken-back = retiré
# The short blocks of /needs: one per site, its largest unmet needs, and the way in.
needs-top-more = { $n ->
    [one] et un autre besoin
   *[other] et { $n } autres besoins
}
needs-summary-asked = Demandé aux distributions { $period } :
needs-open-site = Tous les besoins de { $site }
needs-open-site-state = Tous les besoins de { $site } ; en déclarer un
needs-all-sites = ← Tous les sites
needs-no-such-site = Il n’y a pas de site « { $site } » : tous les sites sont ci-dessous.
