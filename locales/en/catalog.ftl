# The catalogue's words every page shares: conditions and category groups by name.
condition-good = Good
condition-usable = Usable
condition-needs-drying = Needs drying
condition-needs-cleaning = Needs cleaning
condition-needs-repair = Needs repair
condition-unusable = Unusable

group-shelter = Shelter
group-sleeping = Sleeping
group-cooking = Cooking
group-clothing = Clothing
group-food = Food
group-bikes = Bikes
group-other = Other
