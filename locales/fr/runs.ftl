# Tournées : la liste, lancer une tournée, le plan et la feuille de chargement, la page
# d’arrêt du chauffeur, le retour, et les tournées d’un jour planifiées ensemble.
runs-title = Tournées
runs-today = Tournées du jour
runs-today-none = Aucune tournée ne part aujourd’hui.
runs-today-run = Tournée n° { $id } : { $van } depuis { $origin } vers { $stops } ({ $status })
runs-all = Toutes les tournées
runs-all-link = Toutes les tournées
runs-none = Pas encore de tournée.
runs-col-run = Tournée
# Un trait d’union conditionnel : l’en-tête peut se couper sur un téléphone de 360 px.
runs-col-van = Camion­nette
runs-col-from = Départ de
runs-col-departs = Date
runs-col-status = État
runs-col-stop = Arrêt
runs-col-goods = Articles
runs-col-cond = État
runs-col-count = Nombre
runs-col-planned = Prévu
runs-col-delivered = Livré
runs-col-per-litre = Points par litre
runs-col-per-kg = Points par kg
runs-col-per-stop = Par arrêt
runs-number = Tournée n° { $id }
runs-run-title = Tournée n° { $id } : { $van }
runs-day-mon = lundi
runs-day-tue = mardi
runs-day-wed = mercredi
runs-day-thu = jeudi
runs-day-fri = vendredi
runs-day-sat = samedi
runs-day-sun = dimanche
runs-weekday-date = { $weekday } { $date }
runs-items = { $n ->
    [one] { $n } article
   *[other] { $n } articles
}
runs-count = { $n } { $name }
runs-line = { $n } × { $name } ({ $condition })
runs-goods-cond = { $name } ({ $condition })
runs-per-stop = { $site } { $n }
runs-percent = { $p } %
runs-nothing-saved = Rien n’a été enregistré : { $reasons }.
runs-unreadable = champ illisible { $field }

# L’accueil du chauffeur : la tournée du jour d’abord.
runs-home-driver = La tournée du jour
runs-home-driver-what = charger, livrer à chaque arrêt, rapporter ce qui reste

# Planifier les camionnettes d’un jour ensemble, et lancer une tournée.
runs-plan-days = Planifier ensemble les camionnettes d’un jour
runs-plan-day-link = { $n ->
    [one] Planifier la tournée du { $day }
   *[other] Planifier les { $n } tournées du { $day }
}
runs-start = Lancer une tournée
runs-no-vans = Pas encore de camionnette : un coordinateur en ajoute sous
runs-no-vans-link = Admin → Camionnettes
runs-form-van = Camionnette
runs-van-option = { $name } ({ $litres } l, { $kg } kg)
runs-form-origin = Depuis l’entrepôt
runs-form-stop = Arrêt { $n }
runs-form-departs = Départ le
runs-form-start = Lancer la tournée
runs-form-departs-missing = Choisissez le jour du départ.
runs-form-departs-range = Choisissez un jour à moins d’un an d’aujourd’hui.
runs-form-van-unknown = Choisissez une des camionnettes de la liste.
runs-form-van-booked = { $van } a déjà la tournée n° { $run } ce jour-là : une camionnette fait une tournée par jour. Choisissez une autre camionnette ou un autre jour.
runs-form-origin-bad = Choisissez l’entrepôt où charger.
runs-form-stops-none = Choisissez au moins un arrêt.
runs-form-stop-bad = Choisissez un site de la liste.
runs-form-stop-twice = Ce site est déjà un arrêt de la tournée : chaque site une seule fois.
runs-started = Tournée n° { $id } lancée : { $van } depuis { $origin } le { $date }, vers { $stops }. Prochaine étape : planifier le chargement.

# Une tournée.
runs-run-facts = Depuis { $origin } le { $date } · { $status } · { $volume } sur { $capacity } l, { $weight } sur { $payload } kg
runs-manifest = Manifeste (CSV)
runs-plan = Planifier le chargement
runs-plan-again = Planifier à nouveau
runs-edit = Modifier les quantités
runs-edit-label = { $name } pour { $site }
runs-edit-save = Enregistrer les quantités
runs-edit-not-count = { $item } pour { $site } : { $problem }
runs-print = Imprimer la feuille de chargement
runs-boxes = Caisses à scanner
runs-driver = Chauffeur·se
runs-driver-jump = L’étape suivante du chauffeur·se ↓
runs-load = Chargé : tout ce qui est sur la feuille est dans la camionnette
runs-deliver-at = Livrer à { $site }
runs-back-at = De retour à { $origin } : décharger ce qui reste
runs-driver-next = { $status ->
    [planning] { $planned ->
        [yes] Ensuite : chargez tout ce que porte la feuille dans la camionnette, puis touchez « Chargé ».
       *[no] Rien à charger pour l’instant : l’entrepôt planifie d’abord la tournée.
    }
    [loaded] Ensuite : livrez à chaque arrêt, puis rapportez ce qui reste.
    [delivered] Ensuite : de retour à l’entrepôt, déchargez ce qui reste.
    [done] Cette tournée est terminée.
   *[other] Plus rien à faire pour cette tournée.
}
runs-cancel-heading = Si la tournée n’a pas lieu
runs-cancel = Annuler cette tournée
runs-stop-no-need = Rien à apporter à { $site } : aucun besoin non couvert.
runs-stop-nothing-planned = Rien de prévu pour { $site } : ce dont il a encore besoin n’est pas disponible à { $origin }, ou des articles plus utiles ont pris la place.
runs-stop-remove = Retirer { $site } de cette tournée
runs-stop-removed = { $site } retiré de la tournée n° { $id }.
runs-planned = { $items } { $n ->
    [one] prévu
   *[other] prévus
} pour { $van } : { $words }. Ce chargement est le meilleur pour cette camionnette.
runs-planned-nothing = Planifié : rien de ce dont les arrêts ont encore besoin n’est disponible à l’entrepôt.
runs-saved = Enregistré : la tournée n° { $id } transporte maintenant { $items } : { $words }.
runs-saved-nothing = Enregistré : la tournée n° { $id } ne transporte plus rien.
runs-loaded = { $items } chargés dans { $van } : { $words }.

# Pourquoi ce chargement.
runs-why = Pourquoi ce chargement
runs-why-worth = Vaut { $points } points de priorité (aucun chargement ne peut valoir plus de { $bound }).
runs-why-fill = Volume rempli à { $volume }, charge utile à { $payload }.
runs-why-how = Chaque article rapporte les points fixés sur la page des priorités. La camionnette est remplie de ce qui rapporte le plus pour la place et le poids qu’il prend : les deux nombres de droite sont les points que rapporte un litre ou un kilo de camionnette avec cet article.
runs-limit-both = Ce qui empêche d’en charger plus : la place et la charge utile de la camionnette.
runs-limit-volume = Ce qui empêche d’en charger plus : la place dans la camionnette.
runs-limit-payload = Ce qui empêche d’en charger plus : la charge utile (le poids).
runs-limit-search = La recherche s’est arrêtée tôt : il reste peut-être de la place.
runs-limit-no-stock = Il reste de la place : l’entrepôt n’a plus de stock « { $conditions } » de ce dont les arrêts ont besoin.
runs-limit-no-stock-mixed = Il reste de la place : l’entrepôt n’a plus de stock, dans les états que les priorités acceptent, de ce dont les arrêts ont besoin (chaque ligne ci-dessous les nomme).
runs-limit-room = Il reste de la place : la camionnette emporte tout ce dont les arrêts ont encore besoin.
runs-left = Laissé à l’entrepôt
runs-left-line = — il en reste { $n } à livrer aux arrêts, hors du chargement : { $reason }
runs-left-unneeded = — { $n } en stock, hors du chargement : { $reason }
runs-left-no-stock = aucun stock « { $conditions } » à l’entrepôt
runs-left-short = pas assez de stock « { $conditions } » à l’entrepôt
runs-conditions-either = { $first } ou { $last }
runs-left-no-need = aucun besoin non couvert aux arrêts
runs-left-no-value = il n’a aucun point sur la page des priorités, il n’est donc jamais chargé
runs-left-too-big = une seule unité prend plus de place que toute la camionnette
runs-left-too-heavy = une seule unité pèse plus que la charge utile de la camionnette
runs-left-full-volume = camionnette pleine en volume
runs-left-full-payload = camionnette pleine en poids
runs-left-full = plus de place à côté d’articles plus utiles
runs-left-search = la recherche s’est arrêtée avant de pouvoir le placer

# La feuille de chargement.
runs-sheet = Feuille de chargement
runs-sheet-stop = Arrêt { $n } : { $site }
runs-sheet-delivered = livré
runs-stayed = ({ $n } resté(s) dans la camionnette)
runs-came-back = Revenu à { $origin }
runs-came-back-nothing = Rien n’est revenu : tout ce qui a été chargé a été livré.
runs-sheet-title = Tournée n° { $id } : { $van } depuis { $origin }, { $date }
runs-sheet-page = Feuille de chargement, tournée n° { $id }
runs-sheet-print = Imprimez cette page avec la fonction Imprimer du navigateur (Ctrl+P, ou Partager → Imprimer sur un téléphone).
runs-back-to-run = Retour à la tournée

# La page d’arrêt du chauffeur.
runs-stop-title = Tournée n° { $id } : livrer à { $site }
runs-stop-already = Cet arrêt est déjà livré.
runs-stop-not-now = La tournée est { $status } : rien à livrer pour l’instant.
runs-stop-intro = Corrigez chaque nombre selon ce que le site a vraiment pris. Ce qu’il ne prend pas reste dans la camionnette et revient avec le retour.
runs-stop-line = { $condition }, { $n ->
    [one] { $n } prévu
   *[other] { $n } prévus
}
runs-stop-spare = Aussi dans la camionnette : { $n ->
    [one] 1 article en plus
   *[other] { $n } articles en plus
}
runs-stop-spare-intro = Laissés par les arrêts précédents, et prévus pour aucun arrêt suivant. Indiquez ce que ce site prend aussi ; le reste revient avec le retour.
runs-stop-spare-line = { $condition }, { $n } en plus
runs-stop-confirm = Livré à { $site }
runs-stop-not-count = { $item } : { $problem }
runs-stop-empty = { $item } : tapez un nombre, 0 si le site n’a rien pris.
runs-stop-line-more = { $condition }, { $n ->
    [one] { $n } prévu
   *[other] { $n } prévus
}, { $have } dans la camionnette
runs-stop-too-many = { $item } : { $n }, c’est plus que les { $have } dans la camionnette.
runs-stop-all-zero = Tous les nombres sont à 0 : si le site n’a rien pris, passez l’arrêt et rentrez avec la camionnette.
runs-delivered = { $items } livrés à { $site } : { $words }
runs-delivered-nothing = Rien de livré à { $site }
runs-delivered-all = { $done }.
runs-delivered-kept = { $done } ; { $words } restent dans la camionnette, pour un arrêt suivant ou le retour.

# Retour et annulation.
runs-return-empty = La camionnette est vide.
runs-return-going = Retour à { $origin } :
runs-return-open = Pas encore livré : { $sites }. Après le retour, la tournée est terminée et ces arrêts n’en reçoivent rien.
runs-return-title = Retour de la tournée n° { $id }
runs-return-question = De retour à { $origin } : décharger ce qui reste et clore la tournée ? C’est définitif.
runs-return-yes = Oui, décharger à { $origin }
runs-returned-empty = De retour à { $origin } : la camionnette était vide. La tournée n° { $id } est terminée.
runs-returned = { $items } déchargés à { $origin } : { $words }. La tournée n° { $id } est terminée.
runs-cancel-title = Annuler la tournée n° { $id }
runs-cancel-question = Annuler la tournée n° { $id } ({ $van } depuis { $origin }, { $date }) ? Ses lignes prévues disparaissent, et le stock et les besoins qu’elles réservaient redeviennent libres pour d’autres plans.
runs-cancel-yes = Oui, annuler la tournée
runs-cancelled = Tournée n° { $id } annulée ({ $van } depuis { $origin }, { $date }) : son stock et ses besoins sont libres pour d’autres plans.

# Les tournées d’un jour planifiées ensemble.
runs-day-title = Tournées du { $day }
runs-day-none = Aucune tournée en préparation ne part ce jour-là.
runs-day-run = { $van } depuis { $origin } vers { $stops }
runs-day-plan = { $n ->
    [one] Planifier la tournée
   *[other] Planifier les { $n } tournées ensemble
}
runs-day-planned = { $n ->
    [one] Tournée planifiée : { $items } — { $words }.
   *[other] { $n } tournées planifiées ensemble : { $items } — { $words }.
}
runs-fleet-why = Pourquoi ces chargements
runs-fleet-worth = Vaut { $points } points de priorité — planifier les camionnettes l’une après l’autre donnerait { $sequential } ; aucun plan ne peut valoir plus de { $bound }.
runs-fleet-best = C’est le meilleur plan.
runs-fleet-gap = La recherche s’est arrêtée tôt : c’est le meilleur plan trouvé, à { $gap } % au plus du maximum possible.
runs-fleet-van = { $van }, tournée n° { $id }
runs-fleet-nothing = { $van } ne transporte rien : ses arrêts n’ont besoin de rien de disponible à son entrepôt, ou les autres camionnettes l’emportent.
runs-fleet-full-volume = Plein en volume ({ $volume } de { $litres } l, charge utile { $payload }) : il emporte ce qui vaut le plus par litre, d’abord { $first }.
runs-fleet-full-payload = Plein en poids ({ $payload } de { $kg } kg, volume { $volume }) : il emporte ce qui vaut le plus par kilo, d’abord { $first }.
runs-fleet-room = Il reste de la place ({ $volume } du volume, { $payload } de la charge utile) : il emporte tout ce dont ses arrêts ont encore besoin parmi ce qui est disponible à son entrepôt, d’abord { $first }.
runs-fleet-in-van = { $n } dans { $van }
runs-fleet-shared = { $name } : { $n } ici, { $others }.
runs-fleet-left = — il en reste { $n } à livrer, hors du chargement : les camionnettes n’en emportent pas plus (plus de stock « { $conditions } » aux entrepôts, ou plus de place).

# L’état d’une tournée : en étiquette, et dans une phrase (« La tournée n° 3 est … »).
runs-status-planned = Planifiée, prête à charger
runs-status = { $status ->
    [planning] En préparation
    [loaded] Chargée, en route
    [delivered] Tous les arrêts livrés
   *[done] Terminée
}
runs-state = { $status ->
    [planning] préparée, pas encore chargée
    [loaded] chargée et en route
    [delivered] livrée à tous ses arrêts
   *[done] terminée
}

# Pourquoi une étape d’une tournée a été refusée.
runs-refused-status = La tournée n° { $id } est { $state } : { $step ->
    [plan] seule une tournée encore en préparation peut être planifiée.
    [edit] ses quantités ne changent que pendant la préparation.
    [load] seule une tournée encore en préparation peut être chargée.
    [deliver] un arrêt ne se livre que quand le véhicule est en route.
    [return] elle ne peut rentrer qu’une fois chargée.
    [returned] elle est déjà rentrée ; rien n’a changé.
    [cancel] seule une tournée encore en préparation peut être annulée.
    [remove-stop] ses arrêts ne changent que pendant la préparation.
   *[other] ce n’est pas possible maintenant.
}
runs-refused-nothing-planned = Rien n’est encore prévu pour la tournée n° { $id } : planifiez le chargement (ou tapez les quantités) avant de charger.
runs-refused-van-busy = { $van } est encore sur la tournée n° { $other } : faites d’abord rentrer cette tournée.
runs-refused-delivered = { $site } a déjà été livré sur la tournée n° { $id } : rien n’a changé.
runs-refused-last-stop = { $site } est le seul arrêt de la tournée n° { $id } : annulez plutôt la tournée.
runs-short = Seulement { $have } { $item } ({ $condition }) disponibles à { $origin } : { $n } demandés.
runs-out-of-date = Le plan n’est plus à jour : { $origin } n’a plus tout ce sur quoi il compte.
runs-replan-planner = Planifiez la tournée à nouveau pour charger ce qui s’y trouve maintenant.
runs-replan-driver = L’entrepôt doit planifier cette tournée à nouveau avant qu’elle puisse être chargée.

# Les problèmes du formulaire des quantités, chacun à côté de sa ligne.
runs-edit-refused = { $n ->
    [one] Rien n’a été enregistré : un problème, signalé plus bas.
   *[other] Rien n’a été enregistré : { $n } problèmes, chacun signalé plus bas.
}
runs-edit-too-many = Trop de lignes pour une tournée : prévoyez moins de sortes d’articles.
runs-edit-unknown-item = Cet article n’est plus au catalogue : rechargez la page.
runs-edit-not-a-stop = Ce lieu n’est plus un arrêt de la tournée n° { $id } : rechargez la page.
runs-edit-not-eligible = { $item } en état { $condition } ne peut pas sortir : le collectif envoie { $minimum } ou mieux.
runs-edit-twice = Cette ligne apparaît deux fois : rechargez la page.
runs-edit-over-volume = { $van } contient { $capacity } l ; ces lignes demandent { $need } l, soit { $over } l de trop. Baissez certaines quantités.
runs-edit-over-payload = { $van } porte { $payload } kg ; ces lignes pèsent { $need } kg, soit { $over } kg de trop. Baissez certaines quantités.
runs-edit-short = Seulement { $have } { $item } ({ $condition }) disponibles à { $origin } après les plans des autres tournées ; ces lignes en demandent { $n }.

# Un arrêt qu’une tournée rentrée n’a jamais livré.
runs-sheet-not-delivered = Non livré
runs-sheet-not-delivered-why = Le véhicule est rentré sans s’arrêter ici : ce qui était prévu est retourné à { $origin }.

# Les caisses sous une ligne de la feuille de chargement.
runs-box-in = en caisses :
runs-box-holds = ({ $n })
runs-box-open = Ouvrez la caisse { $code } et sortez-en { $n } × { $item } ({ $condition }) : pas assez en vrac.

# La feuille des caisses d’une tournée, et charger une caisse depuis sa page.
runs-boxsheet-ticked = Caisse { $code } cochée : { $scanned } caisses scannées sur { $planned }.
runs-boxsheet-short-done = Manque confirmé : les caisses introuvables sortent du plan.
runs-boxsheet-title = Tournée n° { $id } : caisses
runs-boxsheet-page = Caisses de la tournée n° { $id }
runs-boxsheet-count = { $scanned ->
    [one] { $scanned } caisse prévue scannée
   *[other] { $scanned } caisses prévues scannées
} sur { $planned }.
runs-boxsheet-none = Pas de caisse pour cet arrêt : du vrac seulement.
runs-boxsheet-col-box = Caisse
runs-boxsheet-col-what = Contenu
runs-boxsheet-col-qty = Qté
runs-boxsheet-missing = { $n ->
    [one] Une caisse n’est pas scannée. Si elle est introuvable, confirmez le manque : elle sort du plan et le véhicule peut être chargé sans elle.
   *[other] { $n } caisses ne sont pas scannées. Si elles sont introuvables, confirmez le manque : elles sortent du plan et le véhicule peut être chargé sans elles.
}
runs-boxsheet-confirm-short = Confirmer le manque
runs-boxsheet-type-code = Taper un code
runs-boxsheet-run-to = Tournée n° { $id } → { $site }
runs-boxsheet-ticked-already = Coché sur la feuille de chargement.
runs-boxsheet-load = Charger dans le véhicule
runs-boxsheet-link = La feuille des caisses de la tournée
runs-boxsheet-sure = Vous êtes sûr·e ?
runs-boxsheet-question = Charger la caisse { $code } ({ $n } × { $item }) dans le véhicule de la tournée n° { $id } ?
runs-boxsheet-yes = Oui, il est dans le véhicule
