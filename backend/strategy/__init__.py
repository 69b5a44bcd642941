"""The selection strategies the product offers: their names, what each needs, and the route that lists them."""
