# Mots partagés par plusieurs pages : états, groupes du catalogue, ce qui ne va pas dans un texte tapé.
text-control = { $field } ne doit pas contenir de caractères de contrôle (NUL, tabulation, retours à la ligne).
text-phone = { $field } ne doit pas contenir de numéros de téléphone : Haul ne garde aucune trace des personnes qu’il sert.
text-email = { $field } ne doit pas contenir d’adresses e-mail : Haul ne garde aucune trace des personnes qu’il sert.
text-too-long = { $field } doit faire au plus { $max } caractères.
field-note = La remarque
field-source = La provenance
location-kind-warehouse = Entrepôt
location-kind-site = Site
location-kind-van = Camionnette
location-kind-partner = Collectif partenaire
