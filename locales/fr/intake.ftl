# Le formulaire d’arrivage : ce qui est arrivé d’un festival ou d’un don, et dans quel entrepôt.
intake-title = Arrivage
intake-heading = Enregistrer un arrivage
intake-source = Provenance (festival ou donateur)
intake-source-example = Par exemple : Glastonbury 2026, ou le nom du donateur.
intake-warehouse = Entrepôt
intake-received-on = Reçu le
intake-what-came-in = Ce qui est arrivé
intake-what-came-in-help = Tapez combien dans chaque état ; laissez le reste vide.
intake-more = Autres catégories ({ $n })
intake-note = Remarque (facultative ; jamais de noms ni de numéros de personnes)
intake-save = Enregistrer l’arrivage
intake-refused = { $n ->
    [one] Rien n’a été enregistré : un champ est à revoir (signalé plus bas).
   *[other] Rien n’a été enregistré : { $n } champs sont à revoir (signalés plus bas).
}
intake-saved = { $n ->
    [one] { $n } article enregistré de { $source } à { $warehouse } : { $lines }.
   *[other] { $n } articles enregistrés de { $source } à { $warehouse } : { $lines }.
}
intake-error-date = « Reçu le » doit être une date comme 2026-08-30.
intake-error-date-range = « Reçu le » doit être entre le 2000-01-01 et demain.
intake-error-category = Il n’y a pas de catégorie « { $category } » dans le catalogue.
intake-error-empty = Tapez combien pour au moins une chose.
intake-error-source-empty = Indiquez d’où viennent ces affaires : le festival, le champ ou le donateur.
intake-error-warehouse = Il n’y a pas d’entrepôt « { $warehouse } » : choisissez-en un dans la liste.
