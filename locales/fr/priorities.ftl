# La page des priorités : la déclaration du collectif et les règles qui en découlent.
priorities-title = Priorités
priorities-heading = Les priorités du collectif
priorities-no-version = Il n’y a pas de version { $n }.
priorities-see-current = Voir la version en vigueur
priorities-saved = Priorités du collectif enregistrées comme version { $n } : la liste de collecte et les plans de tournée les utilisent désormais.
priorities-unchanged = Rien n’a changé : la version { $n } reste en vigueur.
priorities-none = Le collectif n’a pas encore déclaré ses priorités.
priorities-old-version = Ceci est la version { $n }, qui n’est plus en vigueur.
priorities-said = Ce que le collectif a dit
priorities-stated-recorded = Déclaré le { $on }. Version { $n }, enregistrée par { $by } le { $at } à { $time }.
priorities-rules = Les règles qui en découlent
priorities-earlier = Versions précédentes
priorities-version = Version { $n }
priorities-month-day = { $day } { $month ->
    [1] janv.
    [2] févr.
    [3] mars
    [4] avr.
    [5] mai
    [6] juin
    [7] juil.
    [8] août
    [9] sept.
    [10] oct.
    [11] nov.
   *[12] déc.
}
priorities-why-tier = priorité de niveau { $n }
priorities-why-season = priorité « { $season } » ×{ $factor }
priorities-weight = Poids { $n } :
priorities-unlisted = Tout le reste pèse { $n } : toujours utile, simplement pas prioritaire.
priorities-seasons = Saisons
priorities-season-rule = ({ $from } – { $to }) : { $categories } comptent ×{ $factor }
priorities-condition-heading = État pour distribuer
priorities-condition-or-better = { $category } : « { $condition } » ou mieux
priorities-condition-else = Tout le reste : « Utilisable » ou mieux.
priorities-worth-today = Valeur aujourd’hui ({ $date })
priorities-col-category = Catégorie
priorities-col-value = Valeur
priorities-col-why = Pourquoi
priorities-state-new = Déclarer de nouvelles priorités
priorities-state-intro = Écrivez les mots du collectif tels qu’ils ont été décidés, puis réglez les règles qui les traduisent. La version en vigueur reste dans l’historique.
priorities-statement = La déclaration, mot pour mot
priorities-stated-on = Déclaré le
priorities-tier-weights = Poids des niveaux
priorities-tier = Niveau { $n }
priorities-each-category = Chaque catégorie : niveau et état pour distribuer
priorities-tier-of = Niveau de { $category }
priorities-no-tier = aucun niveau
priorities-tier-option = niveau { $n }
priorities-condition-of = État pour distribuer { $category }
priorities-or-better = « { $condition } » ou mieux
priorities-seasons-intro = Une période de l’année (mois-jour ; 11-01 à 03-31 passe le nouvel an) qui multiplie la valeur de certaines catégories. Laissez la dernière vide pour n’en ajouter aucune.
priorities-season = Saison { $n }
priorities-season-name = Nom
priorities-season-name-example = hiver
priorities-season-from = Du (MM-JJ)
priorities-season-to = Au (MM-JJ)
priorities-season-factor = Facteur
priorities-save-as = Enregistrer comme version { $n }
priorities-err-stated-on = « Déclaré le » doit être une date comme 2026-09-01.
priorities-err-weight = Poids du niveau { $n } : { $problem }
priorities-err-factor = Saison { $n } : le facteur « { $raw } » n’est pas un nombre.
priorities-not-saved = Rien n’a été enregistré : { $reasons }
priorities-rule-statement = La déclaration du collectif est obligatoire, dans ses propres mots.
priorities-rule-two-tiers = { $category } est déjà au niveau { $first } : une catégorie appartient à un seul niveau.
priorities-rule-season-name = Saison { $n } : donnez-lui un nom, pour expliquer la priorité qu’elle donne.
priorities-rule-month-day = Saison { $n } : « { $raw } » n’est pas un jour de l’année écrit MM-JJ, comme 11-01.
priorities-rule-factor = Saison { $n } : le facteur doit être un nombre supérieur à 0.
priorities-rule-season-twice = Saison { $n } : { $category } est nommé deux fois.
priorities-rule-min-condition = { $category } : le pire état pour distribuer doit être Bon ou Utilisable, pas { $condition }.
priorities-rule-unknown-category = Il n’y a pas de catégorie « { $category } » au catalogue.
