using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PlanServices.Pillars.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Records : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Flags = table.Column<int>(type: "integer", nullable: false),
                    District = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    OutcomeOn = table.Column<DateOnly>(type: "date", nullable: true),
                    OutcomeMonth = table.Column<int>(type: "integer", nullable: true),
                    Value = table.Column<int>(type: "integer", nullable: true),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    ImportId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_records_imports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "imports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_records_ImportId",
                table: "records",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_records_Kind_Month",
                table: "records",
                columns: new[] { "Kind", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_records_Kind_OutcomeMonth",
                table: "records",
                columns: new[] { "Kind", "OutcomeMonth" });

            migrationBuilder.CreateIndex(
                name: "IX_records_Kind_Reference",
                table: "records",
                columns: new[] { "Kind", "Reference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "records");
        }
    }
}
