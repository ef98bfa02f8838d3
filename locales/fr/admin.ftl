# Les pages d’administration de la coordination : bénévoles, camionnettes, entrepôts et sites, catalogue.
admin-title = Administration
admin-tab-volunteers = Bénévoles
admin-tab-vans = Camionnettes
admin-tab-places = Entrepôts et sites
admin-tab-catalogue = Catalogue
admin-hub-volunteers = ajouter, changer le rôle ou la langue, désactiver, liens de mot de passe
admin-hub-vans = ajouter, modifier, retirer du service
admin-hub-places = ajouter, renommer, adresse, archiver
admin-hub-catalogue = les catégories, leur nom dans chaque langue, leur volume, leur poids et leur groupe
admin-save = Enregistrer
admin-nothing-changed = { $name } : rien n’a changé.
admin-name-label = Nom
admin-code-label = Nom court pour les listes (facultatif)
admin-code-help = Lettres minuscules de a à z, chiffres et tirets, comme unit-south : il le désigne dans les tableurs et les adresses web, et ne peut plus changer ensuite. Laissez vide : Haul le tire du nom.

## Bénévoles
admin-volunteers-title = Bénévoles
admin-volunteer-add = Ajouter un ou une bénévole
admin-handle-label = Pseudo (un surnom, pas un vrai nom)
admin-role-label = Rôle
admin-lang-label = Langue dans laquelle Haul s’adresse à cette personne
admin-lang-browser = la langue de son téléphone
admin-volunteer-add-button = Ajouter et créer un lien de mot de passe
admin-volunteers-everyone = Tout le monde
admin-volunteer-deactivated = désactivé·e
admin-role-of = Rôle de { $handle }
admin-lang-of = Langue de { $handle }
admin-password-link = Lien de mot de passe
admin-deactivate-button = Désactiver…
admin-link-give = Donnez à { $handle } ce lien à usage unique pour choisir son mot de passe. Il ne sert qu’une fois, jusqu’au { $until } UTC. Haul ne le montrera plus.
admin-volunteer-added = { $handle } ajouté·e, rôle : { $role }.
admin-role-changed = { $handle } : { $before } → { $after }.
admin-lang-changed = { $handle } lit désormais Haul en { $language }.
admin-lang-cleared = { $handle } lit désormais Haul dans la langue de son téléphone.
admin-link-label = Lien à usage unique
admin-link-copy = Copiez-le pour l’envoyer : touchez la case pour sélectionner tout le lien, puis copiez. Ne l’ouvrez pas vous-même : il ne sert qu’une fois.
admin-link-made = Nouveau lien de mot de passe créé pour { $handle } ; les anciens liens ne marchent plus.
admin-deactivate-title = Désactiver { $handle } ?
admin-deactivate-what = { $handle } sera déconnecté·e tout de suite, sur tous ses téléphones, et ses jetons d’API cesseront de marcher. Cette personne ne pourra plus se connecter.
admin-deactivate-history = Ce qu’elle a enregistré reste dans l’historique.
admin-deactivate-confirm = Désactiver
admin-deactivated = { $handle } désactivé·e : déconnecté·e partout.

## Camionnettes
admin-vans-title = Camionnettes
admin-vans-none = Aucune camionnette en service pour l’instant.
admin-van-add = Ajouter une camionnette
admin-capacity-label = Volume de chargement (litres)
admin-payload-label = Charge utile (kg)
admin-van-add-button = Ajouter la camionnette
admin-vans-retired = Retirées du service
admin-van-line = { $capacity } l, { $payload } kg
admin-van-added = Camionnette { $name } ajoutée : { $line }.
admin-van-saved = { $name } enregistrée : { $line }.
admin-van-is-retired = Retirée du service : elle reste dans l’historique de ses tournées.
admin-retire-heading = Retirer du service
admin-retire-what = Une camionnette retirée disparaît des formulaires et des plans de tournée ; ses tournées restent dans l’historique.
admin-retire-button = Retirer { $name }…
admin-retire-title = Retirer { $name } du service ?
admin-retire-restated = { $name } quitte pour de bon les formulaires et les plans de tournée. Ses tournées passées restent dans l’historique.
admin-retire-confirm = Retirer
admin-van-retired = { $name } retirée du service.

## Entrepôts et sites
admin-places-title = Entrepôts et sites
admin-places-warehouses = Entrepôts
admin-places-sites = Sites (par nom de code)
admin-place-add-warehouse = Ajouter un entrepôt
admin-place-add-site = Ajouter un site
admin-place-add = Ajouter un entrepôt ou un site
admin-kind-label = Type
admin-kind-choose = Choisir…
admin-place-name-label = Nom (pour un site, son nom de code)
admin-address-label = Adresse (facultative ; seuls la coordination et les chauffeurs la voient)
admin-region-label = Secteur (facultatif)
admin-place-add-button = Ajouter
admin-places-archived = Archivés
admin-warehouse-added = Entrepôt { $name } ajouté.
admin-site-added = Site { $name } ajouté.
admin-code-name-label = Nom de code
admin-address-edit-label = Adresse (seuls la coordination et les chauffeurs la voient ; vide pour l’effacer)
admin-region-edit-label = Secteur
admin-place-is-archived = Archivé : il reste dans l’historique.
admin-changed-name = nom { $before } → { $after }
admin-changed-address = adresse
admin-changed-region = secteur
admin-place-saved = { $name } enregistré : { $changes }.
admin-archive-heading = Archiver
admin-archive-what = Un lieu archivé disparaît des formulaires et des plans ; ce qui s’y est passé reste dans l’historique.
admin-archive-button = Archiver { $name }…
admin-archive-title = Archiver { $name } ?
admin-archive-restated-warehouse = L’entrepôt { $name } quitte pour de bon les formulaires et les plans. Ce qui s’y est passé reste dans l’historique.
admin-archive-restated-site = Le site { $name } quitte pour de bon les formulaires et les plans. Ce qui s’y est passé reste dans l’historique.
admin-archive-confirm = Archiver
admin-warehouse-archived = Entrepôt { $name } archivé.
admin-site-archived = Site { $name } archivé.

## Catalogue
admin-catalogue-title = Catalogue
admin-category-no-name = pas encore de nom
admin-category-named = { $language } :
admin-catalogue-names = Chaque catégorie a un nom, affiché en anglais et dans toute langue où elle n’a pas de nom à elle, et peut avoir son propre nom en français et en arabe.
admin-category-name-label = Nom
admin-category-name-fr-label = Nom en français (facultatif)
admin-category-name-ar-label = Nom en arabe (facultatif)
admin-unit-volume-label = Volume d’un article (litres)
admin-unit-weight-label = Poids d’un article (kg)
admin-group-label = Groupe
admin-dangerous-label = Marchandise dangereuse (gaz, par exemple)
admin-dangerous = marchandise dangereuse
admin-category-line = { $volume } l, { $weight } kg
admin-category-add = Ajouter une catégorie
admin-category-add-button = Ajouter la catégorie
admin-category-added = Catégorie { $name } ajoutée au groupe { $group }.
admin-category-saved = Catégorie { $name } enregistrée : { $line }, { $group }.

## Ce qu’un formulaire refuse, à côté du champ
admin-error-name-van = Donnez un nom à la camionnette
admin-error-name-warehouse = Donnez un nom à l’entrepôt
admin-error-name-site = Donnez un nom de code au site
admin-error-name-place = Donnez un nom au lieu
admin-error-name-category = Donnez un nom à la catégorie
admin-error-too-long = C’est trop long : { $max } caractères au plus
admin-error-control = Seulement des lettres, des chiffres et de la ponctuation : pas de tabulation ni de retour à la ligne
admin-error-phone = Pas de numéro de téléphone : Haul ne garde aucune trace des personnes aidées
admin-error-email = Pas d’adresse e-mail : Haul ne garde aucune trace des personnes aidées
admin-error-capacity = Le volume de chargement doit être supérieur à 0 et d’au plus { $max } litres
admin-error-capacity-number = Indiquez le volume de chargement en litres, par exemple 9000
admin-error-payload = La charge utile doit être supérieure à 0 et d’au plus { $max } kg
admin-error-payload-number = Indiquez la charge utile en kilos, par exemple 1200
admin-error-unit-volume = Le volume d’un article doit être supérieur à 0 et d’au plus { $max } litres
admin-error-unit-volume-number = Indiquez le volume d’un article en litres, par exemple 1,5
admin-error-unit-weight = Le poids d’un article doit être supérieur à 0 et d’au plus { $max } kg
admin-error-unit-weight-number = Indiquez le poids d’un article en kilos, par exemple 0,4
admin-error-code = Un nom court s’écrit en lettres minuscules de a à z, chiffres et tirets simples, comme tent-2p
admin-error-code-from-name = Tapez un nom court : Haul ne peut pas en tirer un de ce nom (lettres minuscules de a à z, chiffres et tirets, comme heron)
admin-error-code-taken = Le nom court { $code } est déjà pris : choisissez-en un autre
admin-error-name-taken-van = Il existe déjà une camionnette nommée { $name } : choisissez un autre nom
admin-error-name-taken-place = Il existe déjà un entrepôt ou un site nommé { $name } : choisissez un autre nom
admin-error-name-taken-category = Il existe déjà une catégorie nommée { $name } : choisissez un autre nom
admin-error-kind = Choisissez entrepôt ou site
admin-error-group = Choisissez un groupe dans la liste
admin-error-handle = Un pseudo fait de 2 à 32 lettres minuscules, chiffres, points, tirets ou soulignés : un surnom, pas un vrai nom
admin-error-handle-taken = Le pseudo { $handle } est déjà pris : choisissez-en un autre
admin-error-role = Choisissez un rôle dans la liste
admin-error-lang = Choisissez une langue dans la liste

## Ce que les règles refusent
admin-refused-no-volunteer = Il n’y a pas de bénévole { $handle }
admin-refused-deactivated = { $handle } est désactivé·e
admin-refused-last-coordinator = { $handle } est la dernière personne à la coordination : confiez d’abord ce rôle à quelqu’un d’autre
admin-refused-deactivate-self = Vous ne pouvez pas vous désactiver vous-même : demandez à une autre personne de la coordination
admin-refused-van-retired = { $name } est retirée du service
admin-refused-van-on-run = { $name } a la tournée nº { $run } en cours : terminez-la d’abord
admin-refused-van-carries = { $name } transporte encore des affaires : rapportez-les d’abord
admin-refused-place-archived = { $name } est déjà archivé
admin-refused-place-holds = { $n ->
    [one] { $name } contient encore { $n } article : transférez-le ou sortez-le du stock d’abord
   *[other] { $name } contient encore { $n } articles : transférez-les ou sortez-les du stock d’abord
}
admin-refused-place-on-run = { $name } fait partie d’une tournée en cours : terminez d’abord la tournée
