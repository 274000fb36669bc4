<!DOCTYPE html>
<html><head><title>Portal da Transparencia</title></head>
<body><table><tr><td>Nome</td><td>Valor</td></tr></table></body></html>
