# Les mots du catalogue que toutes les pages partagent : états et groupes de catégories.
condition-good = Bon état
condition-usable = Utilisable
condition-needs-drying = À sécher
condition-needs-cleaning = À laver
condition-needs-repair = À réparer
condition-unusable = Inutilisable

group-shelter = Abri
group-sleeping = Couchage
group-cooking = Cuisine
group-clothing = Vêtements
group-food = Alimentation
group-bikes = Vélos
group-other = Autre
